package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static io.edrplaybook.api.Classification.SUSPICIOUS;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
