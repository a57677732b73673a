package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pending}, {@code approve} and {@code deny} against a journal written by {@code run}. */
class ApprovalCommandsTest {
  @TempDir
  Path dir;

  /** The basic configuration, its firewall block requiring approval, copied with its scripts into {@code dir}. */
  private String gatedConfig() throws IOException {
    Path basic = Path.of(CliRun.resource("basic/config.json")).getParent();
    try (Stream<Path> files = Files.walk(basic)) {
      for (Path p : files.toList()) {
        Path to = dir.resolve(basic.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Path config = dir.resolve("config.json");
    String text = Files.readString(config);
    String gated = text.replace("\"connectors\": [\"Edge FW\"]}",
        "\"connectors\": [\"Edge FW\"], \"approval\": {\"window\": \"PT4H\", \"onExpiry\": \"deny\"}}");
    assertTrue(!gated.equals(text), "the firewall row was found");
    Files.writeString(config, gated);
    return config.toString();
  }

  private String runEvents(String config, String journal) {
    CliRun run = CliRun.of("run", "--config", config, "--events", dir.resolve("events.jsonl").toString(),
        "--journal", journal);
    assertEquals(0, run.exit(), run.both());
    assertTrue(run.out().contains("Block Address on Edge FW: AWAITING_APPROVAL"), run.both());
    return journal;
  }

  @Test
  void pendingListsTheRunAwaitingApprovalAndApproveRunsItOnce() throws Exception {
    String config = gatedConfig();
    String journal = runEvents(config, dir.resolve("journal").toString());
    CliRun pending = CliRun.of("pending", "--journal", journal, "--organization", "acme");
    assertEquals(0, pending.exit(), pending.both());
    assertTrue(pending.out().startsWith("1 run awaits approval"), pending.both());
    assertTrue(pending.outLines().stream().anyMatch(l -> l.contains("ev-1") && l.contains("Block Address")
        && l.contains("Edge FW") && l.endsWith("deny")), pending.both());

    String[] approve = {"approve", "--config", config, "--journal", journal, "--event", "ev-1",
        "--action", "Block Address", "--connector", "Edge FW", "--by", "alice", "--comment", "checked"};
    CliRun approved = CliRun.of(approve);
    assertEquals(0, approved.exit(), approved.both());
    assertTrue(approved.out().startsWith("Approved by alice: \"Block Address\" on \"Edge FW\" for event ev-1"
        + " (acme, MALICIOUS): SUCCEEDED"), approved.both());
    CliRun again = CliRun.of(approve);
    assertEquals(1, again.exit(), again.both());
    assertTrue(again.err().contains("awaits approval"), again.both());

    CliRun history = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-1");
    assertTrue(history.outLines().stream().anyMatch(l -> l.contains("Edge FW") && l.contains("APPROVED")
        && l.contains("by alice: checked")), history.both());
    assertEquals(1, history.outLines().stream().filter(l -> l.contains("Edge FW") && l.contains("SUCCEEDED")).count(),
        history.both());
    assertTrue(CliRun.of("pending", "--journal", journal, "--organization", "acme").out()
        .startsWith("0 runs await approval"));
  }

  @Test
  void denyEndsTheRunDeniedWithoutRunningIt() throws Exception {
    String config = gatedConfig();
    String journal = runEvents(config, dir.resolve("journal").toString());
    CliRun denied = CliRun.of("deny", "--config", config, "--journal", journal, "--event", "ev-1",
        "--action", "Block Address", "--connector", "Edge FW", "--by", "bob");
    assertEquals(0, denied.exit(), denied.both());
    assertTrue(denied.out().contains(": DENIED"), denied.both());
    CliRun history = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-1");
    assertTrue(history.outLines().stream().anyMatch(l -> l.contains("Edge FW") && l.contains("DENIED")
        && l.contains("denied by bob")), history.both());
    assertTrue(history.outLines().stream().noneMatch(l -> l.contains("Edge FW") && l.contains("SUCCEEDED")),
        history.both());
  }

  @Test
  void pendingWithoutAnOrganizationOrConfigurationIsAUsageError() {
    CliRun pending = CliRun.of("pending", "--journal", dir.resolve("journal").toString());
    assertEquals(2, pending.exit(), pending.both());
    assertTrue(pending.err().contains("give --organization O, or --config F"), pending.both());
  }
}
