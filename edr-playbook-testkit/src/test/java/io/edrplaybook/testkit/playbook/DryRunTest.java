package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static io.edrplaybook.api.Classification.SUSPICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.testkit.PlaybookTestKit;
import org.junit.jupiter.api.Test;

/** kit.plan(event): what would run, and nothing runs. */
class DryRunTest {

  @Test
  void planShowsWhatWouldRunAndRunsNothing() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.plan(kit.newEvent("ev-1", MALICIOUS).build())
          .assertPlaybook("Default Playbook")
          .assertWouldRunExactly("IM Notification on SOC Slack", "IM Notification on SOC Teams",
              "Block Address on Edge FW")
          .assertWouldNotRun("Block Address", "Campus NAC");

      kit.assertNothingRan();
      assertTrue(kit.history("ev-1").isEmpty());
    }
  }

  @Test
  void planAfterTheRunSaysItAlreadyRan() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build());

      kit.plan(kit.newEvent("ev-1", SUSPICIOUS).build()).assertNothingWouldRun()
          .assertWouldNotRun("IM Notification", "SOC Slack");
      kit.plan(kit.newEvent("ev-1", MALICIOUS).build()).assertWouldRun("Block Address", "Edge FW");
    }
  }

  @Test
  void planOfACollectorGroupNamesItsPlaybook() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      kit.plan(kit.newEvent("ev-1", MALICIOUS).device("LAPTOP-9", "Finance").build())
          .assertPlaybook("Finance").assertWouldRunExactly("Open Ticket on Tickets");
    }
  }

  @Test
  void planAssertionFailureListsThePlan() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      AssertionError e = assertThrows(AssertionError.class,
          () -> kit.plan(kit.newEvent("ev-1", SUSPICIOUS).build()).assertWouldRun("Block Address", "Edge FW"));

      assertTrue(e.getMessage().startsWith("expected Block Address on Edge FW to be planned for event ev-1 "
          + "(SUSPICIOUS); plan: [IM Notification on SOC "), e.getMessage());
    }
  }

  @Test
  void planUnderTheRecordingRunnerNamesTheRunnerEachRowWouldUse() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).build()) {
      var plan = kit.plan(kit.newEvent("ev-1", MALICIOUS).build());
      plan.assertRunner("IM Notification", "SOC Slack", "cpython")
          .assertRunner("IM Notification", "SOC Teams", "jython")
          .assertRunner("Block Address", "Edge FW", "jython");
      assertEquals("cpython", plan.runner("IM Notification", "SOC Slack"));
      AssertionError e = assertThrows(AssertionError.class,
          () -> plan.assertRunner("IM Notification", "SOC Slack", "recording"));
      assertTrue(e.getMessage().startsWith("expected IM Notification on SOC Slack to use runner \"recording\" for"
          + " event ev-1 (MALICIOUS), but it would use \"cpython\"; plan: [IM Notification on SOC Slack (slack on"
          + " cpython) would run"), e.getMessage());
    }
  }

  @Test
  void aScriptThatNamesNoRunnerIsPlannedOnTheDefaultRunner() {
    Configuration config = Configuration.builder().organization("acme").jumpBox(JumpBox.of("acme", "jb-1"))
        .action(Action.builder().organization("acme").name("Notify").description("Tell")
            .script(ActionScript.of("chat", "scripts/chat.py", "def run(ctx):\n    return None\n")).build())
        .connector(Connector.builder().organization("acme").name("Chat").jumpBox("jb-1").host("chat.example")
            .port(443).apiKey("chat-key-1").bind("Notify", "chat").build())
        .playbook(Playbook.builder().organization("acme").name("Default").isDefault(true)
            .rule(PlaybookSection.NOTIFICATIONS, "Notify", ConnectorSelection.all(), MALICIOUS).build())
        .build();
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(config).build()) {
      kit.plan(kit.newEvent("ev-1", MALICIOUS).build()).assertRunner("Notify", "Chat", "jython");
    }
  }
}
