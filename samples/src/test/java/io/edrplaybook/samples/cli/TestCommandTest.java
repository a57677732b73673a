package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestCommandTest {

  @Test
  void theTestButtonRunsTheScriptsTestAndExitsZero() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("basic/config.json"),
        "--connector", "SOC Chat", "--action", "IM Notification");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().startsWith("Test of \"IM Notification\" on \"SOC Chat\" (acme, script chat on jython): SUCCEEDED"),
        r.both());
    assertTrue(r.out().contains("message: chat reachable at chat.example:443"), r.both());
  }

  @Test
  void aTestThatFailsExitsOneWithTheError() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("secrets/config.json"),
        "--connector", "Leaky", "--action", "Leak Raising", "--organization", "acme");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.out().contains(": FAILED in "), r.both());
    assertTrue(r.out().contains("error:   ValueError"), r.both());
  }

  @Test
  void anUnknownConnectorExitsOneWithASuggestion() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("basic/config.json"),
        "--connector", "SOC Chta", "--action", "IM Notification");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("no connector \"SOC Chta\" in organization \"acme\", did you mean \"SOC Chat\"?"),
        r.both());
  }

  @Test
  void anActionTheConnectorDoesNotPerformExitsOne() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("basic/config.json"),
        "--connector", "SOC Chat", "--action", "Block Address");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("connector \"SOC Chat\" does not perform \"Block Address\""), r.both());
  }

  @Test
  void anUnknownOrganizationExitsOne() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("basic/config.json"),
        "--connector", "SOC Chat", "--action", "IM Notification", "--organization", "globex");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("no organization \"globex\""), r.both());
  }
}
