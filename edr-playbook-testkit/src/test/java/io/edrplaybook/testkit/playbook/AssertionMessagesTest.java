package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static io.edrplaybook.api.Classification.SUSPICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.testkit.PlaybookAssert;
import io.edrplaybook.testkit.PlaybookTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failed assertion says what was expected and what did run. */
class AssertionMessagesTest {
  private PlaybookTestKit kit;
  private PlaybookAssert malicious;

  @BeforeEach
  void submitAMaliciousEvent() {
    kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration())
        .fail(SocPlaybook.TEAMS, "ConnectorError", "Teams answered HTTP 401")
        .build();
    malicious = kit.submit(kit.newEvent("ev-1", MALICIOUS).build());
  }

  @AfterEach
  void close() {
    kit.close();
  }

  @Test
  void actionThatDidNotRunListsWhatRan() {
    AssertionError e = assertThrows(AssertionError.class, () -> malicious.assertRan("Open Ticket"));

    assertEquals("expected Open Ticket to run for event ev-1 (MALICIOUS); ran: ["
        + "IM Notification on SOC Slack (slack) SUCCEEDED, "
        + "IM Notification on SOC Teams (teams) FAILED: ConnectorError: Teams answered HTTP 401, "
        + "Block Address on Edge FW (firewall) SUCCEEDED]", sorted(e.getMessage()));
  }

  @Test
  void connectorItDidNotRunOnNamesTheConnectorsItRanOn() {
    AssertionError e = assertThrows(AssertionError.class, () -> malicious.assertRan("Block Address").on("Campus NAC"));

    assertTrue(e.getMessage().startsWith(
        "expected Block Address on Campus NAC for event ev-1 (MALICIOUS); Block Address ran on [Edge FW]; ran: ["),
        e.getMessage());
  }

  @Test
  void wrongCtxValueNamesThePathAndBothValues() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> malicious.assertRan("IM Notification").on("SOC Slack").withCtx("params.channel", "#general"));

    assertEquals("IM Notification on SOC Slack: expected ctx.params.channel = \"#general\", was \"#soc\"",
        e.getMessage());
  }

  @Test
  void missingCtxKeyListsTheKeysThatAreThere() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> malicious.assertRan("Block Address", "Edge FW").withCtx("params.duration", 60));

    assertEquals("Block Address on Edge FW: expected ctx.params.duration = 60, but ctx.params has no key "
        + "\"duration\"; it has []", e.getMessage());
  }

  @Test
  void unexpectedStatusQuotesTheRecordedMessage() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> malicious.assertRan("IM Notification").on("SOC Teams").succeeded());

    assertEquals("IM Notification on SOC Teams: expected SUCCEEDED, was FAILED (ConnectorError: Teams answered HTTP 401)",
        e.getMessage());
  }

  @Test
  void runThatShouldNotHaveHappenedIsNamed() {
    AssertionError e = assertThrows(AssertionError.class, () -> malicious.assertNotRun("Block Address"));

    assertEquals("expected Block Address not to run for event ev-1 (MALICIOUS); it ran: "
        + "[Block Address on Edge FW (firewall) SUCCEEDED]", e.getMessage());
  }

  @Test
  void exactListNamesWhatIsMissingAndWhatIsUnexpected() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> malicious.assertRanExactly("IM Notification on SOC Slack", "Block Address on Campus NAC",
            "IM Notification on SOC Teams"));

    assertTrue(e.getMessage().contains("; missing [Block Address on Campus NAC]; unexpected [Block Address on Edge FW]"),
        e.getMessage());
  }

  @Test
  void secretsAreMaskedInMessages() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> malicious.assertRan("IM Notification").on("SOC Slack").withCtx("connector.auth.apiKey", "wrong"));

    assertFalse(e.getMessage().contains(SocPlaybook.SLACK_TOKEN), e.getMessage());
    assertEquals("IM Notification on SOC Slack: expected ctx.connector.auth.apiKey = \"wrong\", was \"****\"",
        e.getMessage());
  }

  @Test
  void ctxOfSeveralRunsAsksToNarrowToOneConnector() {
    AssertionError e = assertThrows(AssertionError.class, () -> malicious.assertRan("IM Notification").ctx());

    assertTrue(e.getMessage().endsWith("; narrow it with on(connector)"), e.getMessage());
  }

  @Test
  void kitWideMessagesNameTheEventOfEachRun() {
    kit.submit(kit.newEvent("ev-2", SUSPICIOUS).device("LAPTOP-9", "Finance").build());

    AssertionError e = assertThrows(AssertionError.class, () -> kit.assertNotRun("Open Ticket"));

    assertEquals("expected Open Ticket not to run in this test; it ran: "
        + "[Open Ticket on Tickets (ticket) for ev-2 SUSPICIOUS SUCCEEDED]", e.getMessage());
  }

  /** The runs of one submission end in any order: sort the list in the message to compare it. */
  private static String sorted(String message) {
    int open = message.indexOf("; ran: [") + "; ran: [".length();
    String[] runs = message.substring(open, message.length() - 1).split(", (?=[A-Z][a-z]+ [A-Z][a-z]+ on )");
    java.util.Arrays.sort(runs, java.util.Comparator.comparing((String s) -> !s.startsWith("IM")).thenComparing(s -> s));
    return message.substring(0, open) + String.join(", ", runs) + "]";
  }
}
