package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlanCommandTest {

  @Test
  void planShowsWhichActionWouldRunOnWhichConnectorAndWhy() {
    CliRun r = CliRun.of("plan", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/events.jsonl"));
    assertEquals(0, r.exit(), r.both());
    String out = r.out();
    assertTrue(out.contains("Event ev-1 (line 1): MALICIOUS on LAPTOP-7 in collector group \"Engineering\""), r.both());
    assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("  playbook: \"Default Playbook\" - ")
        && l.contains("has no assignment")), r.both());
    assertTrue(r.outLines().stream().anyMatch(l -> l.contains("would run") && l.contains("IM Notification on SOC Chat")),
        r.both());
    assertTrue(r.outLines().stream().anyMatch(l -> l.contains("would run") && l.contains("Block Address on Edge FW")
        && l.contains("Edge FW")), r.both());
    assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("  playbook: \"Finance\" - ")
        && l.contains("\"Finance\" is assigned")), r.both());
  }

  @Test
  void anEventNoRowIsCheckedForSaysNothingWouldRun() {
    CliRun r = CliRun.of("plan", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/events.jsonl"));
    assertTrue(r.out().contains("nothing would run: no row of the playbook is checked for LIKELY_SAFE"), r.both());
  }

  @Test
  void planExecutesNothing() {
    CliRun r = CliRun.of("plan", "--config", CliRun.resource("secrets/config.json"),
        "--events", CliRun.resource("secrets/events.jsonl"));
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("Leak Raising on Leaky"), r.both());
    assertFalse(r.out().contains("calling with key") || r.out().contains("FAILED") || r.out().contains("SUCCEEDED"),
        r.both());
    assertTrue(r.out().contains("1 event planned, nothing executed."), r.both());
  }

  @Test
  void aMalformedLineIsReportedWithItsNumberAndTheOthersArePlanned() {
    CliRun r = CliRun.of("plan", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/malformed.jsonl"));
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("malformed.jsonl, line 3: not JSON"), r.both());
    assertTrue(r.out().contains("Event ev-5 (line 5)"), r.both());
  }
}
