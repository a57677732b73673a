package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.INCONCLUSIVE;
import static io.edrplaybook.api.Classification.LIKELY_SAFE;
import static io.edrplaybook.api.Classification.MALICIOUS;
import static io.edrplaybook.api.Classification.SUSPICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.testkit.PlaybookTestKit;
import io.edrplaybook.testkit.RecordedRun;
import io.edrplaybook.testkit.RecordingRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test kit used the way a user tests a playbook. */
class PlaybookTestKitTest {

  @Test
  void selectAllRunsEveryBoundConnector() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRanExactly("IM Notification on SOC Slack", "IM Notification on SOC Teams")
          .assertAllSucceeded();
    }
  }

  @Test
  void eachConnectorRunsItsOwnScript() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRan("IM Notification").on("SOC Slack").withScript("slack")
          .and().assertRan("IM Notification").on("SOC Teams").withScript("teams");
    }
  }

  @Test
  void scriptSeesTheCtxOfItsConnectorEventAndBinding() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", MALICIOUS)
              .device(Device.of("LAPTOP-7", "", "10.1.2.3", "Windows 11"))
              .details(Map.of("process", "evil.exe")).build())
          .assertRan("IM Notification").on("SOC Slack")
          .withCtx("action.name", "IM Notification")
          .withCtx("action.description", "Tell the SOC")
          .withCtx("connector.type", "CUSTOM")
          .withCtx("connector.host", "hooks.slack.example")
          .withCtx("connector.port", 443)
          .withCtx("connector.auth.type", "apiKey")
          .withCtx("connector.auth.apiKey", SocPlaybook.SLACK_TOKEN)
          .withCtx("event.classification", MALICIOUS)
          .withCtx("event.previousClassification", null)
          .withCtx("event.device.name", "LAPTOP-7")
          .withCtx("event.details.process", "evil.exe")
          .withCtx("params.channel", "#soc")
          .withCtx("test", false)
          .withCtxThat("invocationId", id -> !id.toString().isEmpty());
    }
  }

  @Test
  void lastCtxHandsTheScriptsCtxToCustomAssertions() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", MALICIOUS).build());

      @SuppressWarnings("unchecked")
      Map<String, Object> auth = (Map<String, Object>) ((Map<String, Object>) kit.lastCtx("Block Address", "Edge FW")
          .get("connector")).get("auth");
      assertEquals(Map.of("type", "credentials", "username", "api", "password", SocPlaybook.FW_PASSWORD), auth);
    }
  }

  @Test
  void cannedAnswerBecomesTheRunsResultAndMessage() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration())
        .respond(SocPlaybook.SLACK, ctx -> Map.of("message", "posted to #soc", "ts", "1700000000.1"))
        .build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRan("IM Notification", "SOC Slack").succeeded().withMessage("posted to #soc");
      assertEquals("1700000000.1", kit.history("ev-1").runs().stream()
          .filter(r -> r.invocation().connector().equals("SOC Slack")).findFirst().orElseThrow()
          .result().orElseThrow().get("ts"));
    }
  }

  @Test
  void failingCannedAnswerIsRecordedAsFailed() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration())
        .fail(SocPlaybook.FIREWALL, "ConnectorError", "Edge FW: POST /api/v1/block-rules answered HTTP 403")
        .build()) {
      kit.submit(kit.newEvent("ev-1", MALICIOUS).build())
          .assertRan("Block Address").on("Edge FW").failed().withMessageContaining("HTTP 403")
          .and().assertRan("IM Notification").on("SOC Slack").succeeded();
      assertEquals(InvocationStatus.FAILED, kit.history("ev-1").runs().stream()
          .filter(r -> r.invocation().action().equals("Block Address")).findFirst().orElseThrow().status());
    }
  }

  @Test
  void answerThatThrowsFailsTheRunLikeARaisingScript() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration())
        .respond(SocPlaybook.TEAMS, ctx -> {
          throw new IllegalStateException("Teams is down");
        })
        .build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRan("IM Notification").on("SOC Teams").failed().withMessageContaining("Teams is down");
    }
  }

  @Test
  void reclassificationRunsTheRowsOfTheNewClassification() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", INCONCLUSIVE).build()).assertNothingRan();

      kit.submit(kit.newEvent("ev-1", MALICIOUS).build())
          .assertRan("Block Address").on("Edge FW").withCtx("event.previousClassification", "INCONCLUSIVE");

      assertEquals(List.of(INCONCLUSIVE, MALICIOUS),
          kit.history("ev-1").classifications().stream().map(c -> c.classification()).toList());
      kit.event("ev-1").assertRanExactly("IM Notification on SOC Slack", "IM Notification on SOC Teams",
          "Block Address on Edge FW");
    }
  }

  @Test
  void sameClassificationAgainRunsNothingTwice() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build());

      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertNothingRan()
          .assertSkipped("IM Notification", "SOC Slack");
      assertEquals(2, kit.runs().size());
    }
  }

  @Test
  void collectorGroupAssignmentPicksItsPlaybook() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).device("LAPTOP-9", "Finance").build())
          .assertPlaybook("Finance")
          .assertRanExactly("Open Ticket on Tickets");
      kit.assertNotRun("IM Notification");
    }
  }

  @Test
  void likelySafeEventTriggersNothing() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", LIKELY_SAFE).build()).assertPlaybook("Default Playbook").assertNothingRan();
    }
  }

  @Test
  void everyScriptRunsOnTheRecordingRunnerWhateverRunnerItNames() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      assertTrue(kit.configuration().actions().stream().flatMap(a -> a.scripts().stream())
          .allMatch(s -> s.runner().orElseThrow().equals(RecordingRunner.ID)));

      kit.submit(kit.newEvent("ev-1", MALICIOUS).build());

      assertEquals(List.of(RecordingRunner.ID), kit.runs().stream().map(RecordedRun::runner).distinct().toList());
    }
  }

  @Test
  void scriptWithoutRunIsRefusedWhenTheKitIsBuilt() {
    var broken = SocPlaybook.configuration().toBuilder();
    broken.action(Action.builder().organization("acme").name("Isolate").description("")
        .script(ActionScript.of("isolate", "scripts/isolate.py", "def execute(ctx):\n    pass\n")).build());

    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> PlaybookTestKit.forConfiguration(broken.build()).build());

    assertTrue(e.getMessage().contains("scripts/isolate.py"), e.getMessage());
  }

  @Test
  void testButtonCallsTheScriptWithTestSetInCtx() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.test("Edge FW", "Block Address")
          .assertRan("Block Address").on("Edge FW").succeeded().withCtx("test", true);
    }
  }
}
