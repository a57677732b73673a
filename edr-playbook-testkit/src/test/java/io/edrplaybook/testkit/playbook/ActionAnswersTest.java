package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static io.edrplaybook.api.Classification.SUSPICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.testkit.PlaybookTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Canned answers keyed by action and connector, beside those keyed by script file. */
class ActionAnswersTest {

  @Test
  void anAnswerForAnActionOnAConnectorAnswersOnlyThatConnector() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration())
        .respondFor("IM Notification", "SOC Teams", ctx -> Map.of("message", "posted to Teams"))
        .build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRan("IM Notification").on("SOC Teams").succeeded().withMessage("posted to Teams")
          .and().assertRan("IM Notification").on("SOC Slack").succeeded()
          .withMessage("recorded " + SocPlaybook.SLACK);
    }
  }

  @Test
  void anAnswerForAnActionOnAConnectorWinsOverOneForItsScriptFile() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration())
        .respond(SocPlaybook.FIREWALL, ctx -> Map.of("message", "by file"))
        .failFor("Block Address", "Edge FW", "ConnectorError", "firewall refused")
        .build()) {
      kit.submit(kit.newEvent("ev-1", MALICIOUS).build())
          .assertRan("Block Address").on("Edge FW").failed().withMessageContaining("firewall refused");
    }
  }

  @Test
  void anAnswerForAConnectorThatDoesNotBindTheActionIsRefusedNamingThoseThatDo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlaybookTestKit
        .forConfiguration(SocPlaybook.configuration())
        .respondFor("IM Notification", "Edge FW", ctx -> Map.of()).build());
    assertEquals("canned answers for an action on a connector that never runs: no connector \"Edge FW\""
        + " binds action \"IM Notification\"; the connectors that bind it are [SOC Slack, SOC Teams]", e.getMessage());
  }

  @Test
  void anAnswerForAnUnknownActionIsRefusedListingTheActions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlaybookTestKit
        .forConfiguration(SocPlaybook.configuration())
        .failFor("IM Notifcation", "SOC Slack", "X", "y").build());
    assertEquals("canned answers for an action on a connector that never runs: no action \"IM Notifcation\" in"
        + " the configuration; its actions are [Block Address, IM Notification, Open Ticket]", e.getMessage());
  }
}
