package io.edrplaybook.testkit;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.RunClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The journal conformance kit's cases for approvals (docs/approvals-and-undo.md): what
 * {@link ExecutionJournal#awaitApproval}, {@link ExecutionJournal#decide},
 * {@link ExecutionJournal#awaiting}, {@link ExecutionJournal#pending} and
 * {@link ExecutionJournal#approvalsDue} promise. Part of {@link ExecutionJournalConformanceKit};
 * a journal that does not support approvals overrides {@link #supportsApprovals()}.
 */
public abstract class ExecutionJournalApprovalCases extends ExecutionJournalUndoCases {

  /** Whether the journal supports approvals; the built-in journals do. Default true. */
  protected boolean supportsApprovals() {
    return true;
  }

  /** A journal for an approval case: skipped when the journal does not support approvals. */
  private ExecutionJournal approvalJournal() {
    assumeTrue(supportsApprovals(), "approvals: the journal does not support them");
    return journal();
  }

  /** Claims {@code i} and records it awaiting approval for {@code window} from {@link #NOW}. */
  protected static AwaitingApproval await(ExecutionJournal j, Invocation i, Duration window,
      ApprovalGate.OnExpiry onExpiry) {
    assertTrue(j.claim(i).granted(), "approvals: a fresh key is granted");
    AwaitingApproval a = new AwaitingApproval(i, NOW, NOW.plus(window), onExpiry,
        Map.of("id", i.eventId(), "device", Map.of("address", "10.1.2.3"), "n", 3), "row requires approval");
    j.awaitApproval(a);
    return a;
  }

  private static ApprovalDecision decision(AwaitingApproval a, ApprovalDecision.Verdict v, String by, Instant at) {
    return new ApprovalDecision(a.invocation(), v, by, "because", at);
  }

  @Test
  void aRunAwaitingApprovalHoldsItsKeyAndIsListedPending() {
    ExecutionJournal j = approvalJournal();
    Invocation i = run("ev-1", "block");
    AwaitingApproval a = await(j, i, Duration.ofHours(4), ApprovalGate.OnExpiry.DENY);
    nowAndAfterRestart(k -> {
      assertEquals(Optional.of(RunClaim.held(i.runKey(), Optional.empty())), k.claimOf(i.runKey()),
          "approvals: the key is held, not ended");
      assertFalse(k.claim(again(i)).granted(), "approvals: nothing else takes the key");
      assertEquals(Optional.of(a), k.awaiting(i.runKey()), "approvals: awaiting(key) finds the request");
      assertEquals(List.of(a), k.pending(ORG), "approvals: pending lists it");
      assertEquals(List.of(), k.pending("other-org"), "approvals: pending is per organization");
      assertTrue(k.history(key("ev-1")).contains(a), "approvals: the request is in the history");
    });
  }

  @Test
  void onlyTheHolderOfAnUnstartedClaimMayAwaitApproval() {
    ExecutionJournal j = approvalJournal();
    Invocation i = run("ev-1", "block");
    AwaitingApproval unclaimed = new AwaitingApproval(i, NOW, NOW.plusSeconds(60), ApprovalGate.OnExpiry.DENY,
        Map.of(), "");
    assertThrows(IllegalStateException.class, () -> j.awaitApproval(unclaimed),
        "approvals: a run without its claim cannot await approval");
    assertTrue(j.claim(i).granted());
    j.started(new InvocationStarted(i, NOW));
    assertThrows(IllegalStateException.class, () -> j.awaitApproval(unclaimed),
        "approvals: a started run cannot await approval");
    assertEquals(List.of(), j.pending(ORG), "approvals: nothing pending after a refusal");
  }

  @Test
  void ofManyConcurrentDecisionsExactlyOneDecides() throws Exception {
    ExecutionJournal j = approvalJournal();
    AwaitingApproval a = await(j, run("ev-1", "block"), Duration.ofHours(1), ApprovalGate.OnExpiry.DENY);
    List<Boolean> won = concurrently(8, n -> j.decide(decision(a,
        n % 2 == 0 ? ApprovalDecision.Verdict.APPROVED : ApprovalDecision.Verdict.DENIED, "user-" + n, NOW))
        .isPresent());
    assertEquals(1, won.stream().filter(w -> w).count(), "approvals: one of eight decisions decides");
    long decisions = j.history(key("ev-1")).stream().filter(e -> e instanceof ApprovalDecision).count();
    assertEquals(1, decisions, "approvals: one decision recorded");
    assertEquals(List.of(), j.pending(ORG), "approvals: no longer pending");
  }

  @Test
  void aDenialRecordsTheDecisionAndTheRunsTerminalRecord() {
    ExecutionJournal j = approvalJournal();
    Invocation i = run("ev-1", "block");
    AwaitingApproval a = await(j, i, Duration.ofHours(1), ApprovalGate.OnExpiry.DENY);
    Instant at = NOW.plusSeconds(30);
    ApprovalDecision d = decision(a, ApprovalDecision.Verdict.DENIED, "bob", at);
    assertEquals(Optional.of(a), j.decide(d), "approvals: decide returns the request it decided");
    assertEquals(Optional.empty(), j.decide(decision(a, ApprovalDecision.Verdict.APPROVED, "alice", at)),
        "approvals: a second decision decides nothing");
    nowAndAfterRestart(k -> {
      List<HistoryEntry> h = k.history(key("ev-1"));
      assertTrue(h.contains(d), "approvals: the decision is in the history, with who and when");
      assertEquals(List.of(d.terminalRecord().orElseThrow()), terminals(h, i.id()),
          "approvals: a denied run has exactly its decision's terminal record");
      assertEquals(Optional.of(RunClaim.held(i.runKey(), Optional.of(InvocationStatus.DENIED))), k.claimOf(i.runKey()),
          "approvals: a denied key is held, last status DENIED");
      assertEquals(Optional.empty(), k.awaiting(i.runKey()), "approvals: no longer awaiting");
    });
  }

  @Test
  void anApprovalKeepsTheClaimForTheRunToStartAndEnd() {
    ExecutionJournal j = approvalJournal();
    Invocation i = run("ev-1", "block");
    AwaitingApproval a = await(j, i, Duration.ofHours(1), ApprovalGate.OnExpiry.DENY);
    assertTrue(j.decide(decision(a, ApprovalDecision.Verdict.APPROVED, "alice", NOW)).isPresent());
    assertEquals(List.of(), terminals(j.history(key("ev-1")), i.id()), "approvals: an approval ends nothing");
    j.started(new InvocationStarted(i, NOW.plusSeconds(1)));
    assertTrue(j.finished(result(i, InvocationStatus.SUCCEEDED, NOW.plusSeconds(2))));
    nowAndAfterRestart(k -> assertEquals(Optional.of(RunClaim.held(i.runKey(),
        Optional.of(InvocationStatus.SUCCEEDED))), k.claimOf(i.runKey()), "approvals: the approved run ran"));
  }

  @Test
  void recoveryNeitherInterruptsNorGivesBackARunAwaitingApproval() {
    ExecutionJournal j = approvalJournal();
    Invocation i = run("ev-1", "block");
    AwaitingApproval a = await(j, i, Duration.ofHours(1), ApprovalGate.OnExpiry.DENY);
    if (durable()) {
      j = crashAndReopen();
    }
    assertEquals(List.of(), j.recoverInterrupted(NOW.plusSeconds(60)), "approvals: nothing is interrupted");
    assertFalse(j.claim(again(i)).granted(), "approvals: the claim is not given back");
    assertEquals(List.of(a), j.pending(ORG), "approvals: still pending after recovery");
    assertTrue(j.decide(decision(a, ApprovalDecision.Verdict.APPROVED, "alice", NOW)).isPresent(),
        "approvals: still decidable after recovery");
  }

  @Test
  void approvalsDueListsTheRequestsWhoseWindowEnded() {
    ExecutionJournal j = approvalJournal();
    AwaitingApproval soon = await(j, run("ev-1", "block"), Duration.ofMinutes(5), ApprovalGate.OnExpiry.RUN);
    AwaitingApproval later = await(j, run("ev-2", "block"), Duration.ofHours(5), ApprovalGate.OnExpiry.DENY);
    nowAndAfterRestart(k -> {
      assertEquals(List.of(), k.approvalsDue(NOW, 10), "approvals: nothing due before a window ends");
      assertEquals(List.of(soon), k.approvalsDue(NOW.plus(Duration.ofMinutes(5)), 10),
          "approvals: due once its window ended");
      assertEquals(List.of(soon, later), k.approvalsDue(NOW.plus(Duration.ofDays(1)), 10),
          "approvals: due, oldest window end first");
      assertEquals(List.of(soon), k.approvalsDue(NOW.plus(Duration.ofDays(1)), 1), "approvals: at most limit");
    });
  }

  @Test
  void journalsSharingAStoreDecideARunOnce() throws Exception {
    assumeTrue(shared(), "shared store: only for shared journals");
    ExecutionJournal a = approvalJournal();
    ExecutionJournal b = openAnother();
    AwaitingApproval req = await(a, run("ev-1", "block"), Duration.ofHours(1), ApprovalGate.OnExpiry.DENY);
    assertEquals(List.of(req), b.pending(ORG), "shared store: the other journal sees it pending");
    List<Boolean> won = concurrently(2, n -> (n == 0 ? a : b).decide(decision(req,
        ApprovalDecision.Verdict.APPROVED, "user-" + n, NOW)).isPresent());
    assertEquals(1, won.stream().filter(w -> w).count(), "shared store: one of two journals decides");
  }

  @Test
  void anEngineStoppingDoesNotGiveBackTheRunsItAskedApprovalFor() {
    assumeTrue(shared(), "shared store: only for shared journals");
    ExecutionJournal a = approvalJournal();
    Invocation i = run("ev-1", "block");
    AwaitingApproval req = await(a, i, Duration.ofHours(1), ApprovalGate.OnExpiry.DENY);
    ExecutionJournal b = openAnother();
    a.close();
    List<InvocationResult> recovered = b.recoverInterrupted(NOW.plusSeconds(60));
    assertEquals(List.of(), recovered, "shared store: nothing of a pending approval is interrupted");
    assertFalse(b.claim(again(i)).granted(), "shared store: its claim is kept");
    assertEquals(List.of(req), b.pending(ORG), "shared store: still pending on the other journal");
    assertTrue(b.decide(decision(req, ApprovalDecision.Verdict.DENIED, "bob", NOW)).isPresent(),
        "shared store: the other journal decides it");
  }

  @Test
  void retentionKeepsARunAwaitingApproval() {
    ExecutionJournal j = approvalJournal();
    Instant old = NOW.minus(Duration.ofDays(30));
    Invocation i = run("ev-old", "block");
    j.classify(classification(ORG, "ev-old", MALICIOUS, old));
    assertTrue(j.claim(i).granted());
    AwaitingApproval a = new AwaitingApproval(i, old, old.plus(Duration.ofDays(60)), ApprovalGate.OnExpiry.DENY,
        Map.of("id", "ev-old"), "");
    j.awaitApproval(a);
    beforeNewerEntries(j);
    j.classify(classification(ORG, "ev-new", MALICIOUS, NOW));
    j.forgetBefore(NOW.minus(Duration.ofDays(1)));
    nowAndAfterRestart(k -> {
      assertEquals(List.of(a), k.pending(ORG), "approvals: retention keeps what awaits approval");
      assertFalse(k.claim(again(i)).granted(), "approvals: and its claim");
    });
  }
}
