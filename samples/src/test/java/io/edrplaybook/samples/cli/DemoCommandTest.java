package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo, run once, against the real sample configuration, scripts and mock services. */
class DemoCommandTest {
  private static CliRun demo;

  @BeforeAll
  static void runTheDemo() {
    demo = CliRun.of("demo");
  }

  @Test
  void theDemoExitsZero() {
    assertEquals(0, demo.exit(), demo.both());
    assertTrue(demo.out().contains("Demo done:"), demo.both());
  }

  @Test
  void theDemoEndsWithAOneLineSummaryOfTheEnginesNumbers() {
    assertTrue(demo.outLines().stream().anyMatch(l -> l.startsWith("summary: ") && l.contains(" succeeded")
        && l.contains("0 abandoned threads") && l.endsWith("journal writable")), demo.both());
  }

  @Test
  void theDemoShowsTheSlackAndTeamsNotificationsTheMockReceived() {
    assertTrue(demo.outLines().stream().anyMatch(l -> l.startsWith("  Slack") && l.contains("POST /api/chat.postMessage")
        && l.contains("200") && l.contains("message to #soc: \"Malicious event on LAPTOP-7")), demo.both());
    assertTrue(demo.outLines().stream().anyMatch(l -> l.startsWith("  Teams") && l.contains("200")
        && l.contains("MessageCard: \"Suspicious event on FIN-WS-12\"")), demo.both());
  }

  @Test
  void theDemoShowsAFirewallBlock() {
    assertTrue(demo.outLines().stream().anyMatch(l -> l.startsWith("  Firewall") && l.contains("POST /api/v1/block-rules")
        && l.contains("201") && l.contains("block rule for 10.1.2.3")), demo.both());
  }

  @Test
  void theFirewallBlockWaitsForApprovalAndTheDemoApprovesIt() {
    assertTrue(demo.outLines().stream().anyMatch(l -> l.contains("ev-1001 MALICIOUS  Block Address on Edge FW:"
        + " AWAITING_APPROVAL until")), demo.both());
    assertTrue(demo.out().contains("2. Runs awaiting approval"), demo.both());
    assertTrue(demo.outLines().stream().anyMatch(l -> l.contains("ev-1001 MALICIOUS  Block Address on Edge FW:"
        + " APPROVED by demo-analyst")), demo.both());
    List<String> lines = demo.outLines();
    int approved = indexOf(lines, "       ev-1001 MALICIOUS  Block Address on Edge FW: APPROVED");
    int blocked = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("ev-1001 MALICIOUS  Block Address on Edge FW: SUCCEEDED")) {
        blocked = i;
      }
    }
    assertTrue(approved >= 0 && blocked > approved, "the block runs after its approval\n" + demo.both());
  }

  @Test
  void theHistoryShowsWhoApprovedTheBlockAndWhen() {
    assertTrue(demo.outLines().stream().anyMatch(l -> l.contains("Block Address") && l.contains("Edge FW")
        && l.contains("AWAITING_APPROVAL") && l.contains("(then: deny)")), demo.both());
    assertTrue(demo.outLines().stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*Block Address +Edge FW +APPROVED"
        + " +by demo-analyst: confirmed with the device's owner")), demo.both());
  }

  @Test
  void reclassifyingTheApprovedEventLikelySafeUndoesTheBlockOnceOnEachConnector() {
    assertTrue(demo.outLines().stream().anyMatch(l -> l.contains("ev-1001 MALICIOUS  undo: Block Address on Edge FW:"
        + " SUCCEEDED") && l.contains("Firewall: unblocked 10.1.2.3")), demo.both());
    assertTrue(demo.outLines().stream().anyMatch(l -> l.contains("undo: Block Address on Threat Intel: SUCCEEDED")
        && l.contains("removed from the blocklist")), demo.both());
    assertEquals(1, demo.outLines().stream().filter(l -> l.startsWith("  Firewall") && l.contains("POST /api/v1/block-rules/remove")
        && l.contains("200") && l.contains("for 10.1.2.3")).count(), demo.both());
    assertTrue(demo.outLines().stream().anyMatch(l -> l.contains("Block Address") && l.contains("Edge FW")
        && l.contains("UNDONE") && l.contains("reclassified LIKELY_SAFE")), demo.both());
    assertTrue(demo.out().contains("(2 reclassifications)"), demo.both());
  }

  @Test
  void theDemoShowsTheReclassification() {
    assertTrue(demo.out().contains("ev-1003 reclassified INCONCLUSIVE -> MALICIOUS"), demo.both());
    assertTrue(demo.outLines().stream().anyMatch(l -> l.contains("INCONCLUSIVE -> MALICIOUS")
        && l.contains("RECLASSIFIED")), demo.both());
  }

  @Test
  void theDemoPrintsEachEventsClassificationDetails() {
    for (String id : new String[] {"ev-1001", "ev-1002", "ev-1003", "ev-1004"}) {
      assertTrue(demo.out().contains("Classification details of event " + id), id + "\n" + demo.both());
    }
    assertTrue(demo.out().contains("STARTED (UTC)  CLASSIFICATION"), demo.both());
    assertTrue(demo.out().contains("Classification details of event ev-1004") && demo.outLines().stream()
        .anyMatch(l -> l.contains("LIKELY_SAFE") && l.contains("CLASSIFIED")), demo.both());
  }

  @Test
  void theDemoShowsARowRemovedByItsConditionAndWhy() {
    assertTrue(demo.outLines().contains("  ev-1004 LIKELY_SAFE: row \"IM Notification\" removed by its condition"
        + " any(classification in [\"MALICIOUS\", \"SUSPICIOUS\"], history.classifications contains \"MALICIOUS\"):"
        + " none of classification in [\"MALICIOUS\", \"SUSPICIOUS\"] (was \"LIKELY_SAFE\");"
        + " history.classifications contains \"MALICIOUS\" (was [\"LIKELY_SAFE\"])"), demo.both());
    assertTrue(demo.outLines().stream().noneMatch(l -> l.contains("ev-1004 LIKELY_SAFE IM Notification")), demo.both());
  }

  @Test
  void theDemoRunsTheTestButtonOnOneConnector() {
    assertTrue(demo.outLines().stream().anyMatch(l -> l.startsWith("Test of ") && l.contains("SUCCEEDED")), demo.both());
  }

  @Test
  void theDemoRunsThePortedPackActionWithItsLibHelpers() {
    assertTrue(demo.outLines().stream().anyMatch(l -> l.startsWith("  Blocklist") && l.contains("POST /api/v2/blocklist")
        && l.contains("201") && l.contains("blocklist entry for 10.1.2.3 (30 days)")), demo.both());
    assertTrue(demo.outLines().stream().anyMatch(l -> l.contains("ev-1001 MALICIOUS  Block Address on Threat Intel: SUCCEEDED")
        && l.contains(" - Blocklist: 10.1.2.3 added to the blocklist (entry bl-")), demo.both());
  }

  @Test
  void theTestButtonOnThePortedScriptChecksThePortAndDoesNotCallRun() {
    List<String> lines = demo.outLines();
    int at = indexOf(lines, "Test of \"Block Address\" on \"Threat Intel\"");
    assertTrue(at >= 0 && lines.get(at).contains("SUCCEEDED"), demo.both());
    assertTrue(lines.get(at + 1).matches("  message: the script has no test\\(ctx\\); checked that 127\\.0\\.0\\.1:\\d+"
        + " answers \\(TCP connect in \\d+ ms\\); run\\(\\) was not called"), demo.both());
  }

  @Test
  void theMockReceivedNoRequestFromTheTestPressOnThePortedScript() {
    assertTrue(demo.outLines().contains("  the mock's Blocklist received no request from this Test press"), demo.both());
    long posts = demo.outLines().stream().filter(l -> l.startsWith("  Blocklist") && l.contains("POST /api/v2/blocklist "))
        .count();
    assertEquals(2, posts, "one block per MALICIOUS event that reaches Threat Intel (ev-1001, ev-1003), none from"
        + " the Test button\n" + demo.both());
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void theMockAcceptedEveryCredentialItWasSent() {
    assertTrue(!demo.out().contains("bad credentials"), demo.both());
  }
}
