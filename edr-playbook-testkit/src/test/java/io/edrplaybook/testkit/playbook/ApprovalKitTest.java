package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.testkit.PlaybookTestKit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kit asserts that a run awaits approval, approves or denies it, and moves the clock past a window. */
class ApprovalKitTest {
  private final PlaybookTestKit kit = PlaybookTestKit.forConfiguration(gated()).build();

  /** The SOC playbook whose firewall block requires approval within 4 hours (expiry: deny). */
  static Configuration gated() {
    Configuration cfg = SocPlaybook.configuration();
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    cfg.actions().forEach(b::action);
    cfg.connectors().forEach(b::connector);
    for (Playbook p : cfg.playbooks()) {
      b.playbook(new Playbook(p.organization(), p.name(), p.isDefault(), p.collectorGroups(), p.rules().stream()
          .map(r -> r.action().equals("Block Address")
              ? r.withApproval(ApprovalGate.of(Duration.ofHours(4), ApprovalGate.OnExpiry.DENY)) : r)
          .toList()));
    }
    return b.build();
  }

  @AfterEach
  void close() {
    kit.close();
  }

  @Test
  void aSubmissionAssertsThatTheGatedRunAwaitsApproval() {
    kit.submit(kit.newEvent("ev-1", MALICIOUS).build())
        .assertAwaitingApproval("Block Address", "Edge FW")
        .assertNotRun("Block Address");
    kit.assertAwaitingApproval("ev-1", "Block Address", "Edge FW");
  }

  @Test
  void approvingInATestRunsTheRun() {
    kit.submit(kit.newEvent("ev-1", MALICIOUS).build());
    kit.approve("ev-1", "Block Address", "Edge FW").assertRan("Block Address", "Edge FW").succeeded()
        .withCtx("event.id", "ev-1");
    assertEquals("playbook-test-kit", kit.history("ev-1").decisions().get(0).by());
    assertEquals(List.of(), kit.pending());
  }

  @Test
  void denyingInATestEndsTheRunDenied() {
    kit.submit(kit.newEvent("ev-1", MALICIOUS).build());
    kit.deny("ev-1", "Block Address", "Edge FW").assertRan("Block Address", "Edge FW")
        .withStatus(InvocationStatus.DENIED);
    assertTrue(kit.runs().stream().noneMatch(r -> r.action().equals("Block Address")), "no script was called");
  }

  @Test
  void advancingTheClockPastTheWindowExpiresTheRun() {
    kit.submit(kit.newEvent("ev-1", MALICIOUS).build());
    assertTrue(kit.advanceClock(Duration.ofHours(3)).results().isEmpty(), "not yet");
    kit.advanceClock(Duration.ofHours(1)).assertRan("Block Address", "Edge FW").withStatus(InvocationStatus.EXPIRED);
    assertEquals(List.of(), kit.pending());
  }

  @Test
  void aRunThatDoesNotAwaitApprovalFailsTheAssertionSayingWhatAwaits() {
    kit.submit(kit.newEvent("ev-1", MALICIOUS).build());
    AssertionError e = assertThrows(AssertionError.class,
        () -> kit.assertAwaitingApproval("ev-1", "IM Notification", "SOC Slack"));
    assertEquals("expected IM Notification on SOC Slack for event ev-1 to await approval; awaiting: "
        + "[Block Address on Edge FW for event ev-1]", e.getMessage());
  }
}
