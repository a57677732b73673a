package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.JournalEntries.NOW;
import static io.edrplaybook.core.engine.JournalEntries.awaiting;
import static io.edrplaybook.core.engine.JournalEntries.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.RunClaim;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs awaiting approval in the file journal: recorded once, listed until decided, decided once. */
class FileJournalApprovalsTest {
  private static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));

  @TempDir
  Path dir;

  private FileJournal open() {
    return FileJournal.open(dir.resolve("journal"));
  }

  /** Claims {@code i}'s key and closes the journal: the claim is then a record in the log. */
  private void claimBeforeARestart(Invocation i) {
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
    }
  }

  private static ApprovalDecision denied(Invocation i) {
    return new ApprovalDecision(i, ApprovalDecision.Verdict.DENIED, "alice", "not on a Friday", NOW.plusSeconds(60));
  }

  @Test
  void aRunWhoseClaimWasWrittenBeforeARestartCanAwaitApprovalAfterIt() {
    Invocation i = run("inv-1", "ev-1");
    claimBeforeARestart(i);
    try (FileJournal j = open()) {
      j.awaitApproval(awaiting(i, IN_AN_HOUR));
      assertEquals(Optional.of(awaiting(i, IN_AN_HOUR)), j.awaiting(i.runKey()));
    }
  }

  @Test
  void aRunWithoutAClaimCannotAwaitApproval() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> j.awaitApproval(awaiting(i, IN_AN_HOUR)));
      assertTrue(e.getMessage().contains("inv-1"), e.getMessage());
      assertEquals(List.of(), j.pending("acme"), "nothing recorded");
    }
  }

  @Test
  void aRunThatDoesNotHoldItsKeysClaimCannotAwaitApproval() {
    Invocation holder = run("inv-1", "ev-1");
    claimBeforeARestart(holder);
    Invocation other = run("inv-2", "ev-1");
    try (FileJournal j = open()) {
      assertThrows(IllegalStateException.class, () -> j.awaitApproval(awaiting(other, IN_AN_HOUR)));
      assertEquals(List.of(), j.pending("acme"));
    }
  }

  @Test
  void aRunThatStartedCannotAwaitApproval() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.started(new InvocationStarted(i, NOW));
      assertThrows(IllegalStateException.class, () -> j.awaitApproval(awaiting(i, IN_AN_HOUR)));
      assertEquals(List.of(), j.pending("acme"));
    }
  }

  @Test
  void aRunThatEndedWithoutStartingCannotAwaitApproval() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      assertTrue(j.finished(InvocationResult.notRun(i, InvocationStatus.REJECTED, NOW, "its lane was full")));
      assertThrows(IllegalStateException.class, () -> j.awaitApproval(awaiting(i, IN_AN_HOUR)));
      assertEquals(List.of(), j.pending("acme"));
    }
  }

  @Test
  void aRunAwaitsApprovalOnceASecondRequestIsRefused() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.awaitApproval(awaiting(i, IN_AN_HOUR));
      assertThrows(IllegalStateException.class, () -> j.awaitApproval(awaiting(i, IN_AN_HOUR.plusSeconds(1))));
      assertEquals(List.of(awaiting(i, IN_AN_HOUR)), j.pending("acme"), "the first request only");
    }
  }

  @Test
  void aRunAwaitingApprovalIsListedByPendingAcrossARestartUntilDecided() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.awaitApproval(awaiting(i, IN_AN_HOUR));
    }
    try (FileJournal j = open()) {
      assertEquals(List.of(awaiting(i, IN_AN_HOUR)), j.pending("acme"));
      assertEquals(Optional.of(awaiting(i, IN_AN_HOUR)), j.decide(denied(i)));
      assertEquals(List.of(), j.pending("acme"));
      assertEquals(Optional.empty(), j.awaiting(i.runKey()));
    }
  }

  @Test
  void pendingListsOnlyTheRunsOfTheOrganizationAsked() {
    Invocation acme = run("inv-1", "ev-1", "acme", "Block Address");
    Invocation globex = run("inv-2", "ev-1", "globex", "Block Address");
    try (FileJournal j = open()) {
      assertTrue(j.claim(acme).granted());
      assertTrue(j.claim(globex).granted());
      j.awaitApproval(awaiting(acme, IN_AN_HOUR));
      j.awaitApproval(awaiting(globex, IN_AN_HOUR));
      assertEquals(List.of(awaiting(acme, IN_AN_HOUR)), j.pending("acme"));
      assertEquals(List.of(awaiting(globex, IN_AN_HOUR)), j.pending("globex"));
      assertEquals(List.of(), j.pending("initech"));
    }
  }

  @Test
  void aDenialEndsTheRunDeniedRecordsDecisionAndEndAndSurvivesARestart() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.awaitApproval(awaiting(i, IN_AN_HOUR));
      assertEquals(Optional.of(awaiting(i, IN_AN_HOUR)), j.decide(denied(i)));
      assertEquals(Optional.of(RunClaim.held(i.runKey(), Optional.of(InvocationStatus.DENIED))), j.claimOf(i.runKey()));
    }
    try (FileJournal j = open()) {
      List<HistoryEntry> h = j.history(i.eventKey());
      assertEquals(List.of(awaiting(i, IN_AN_HOUR), denied(i), denied(i).terminalRecord().orElseThrow()), h);
      assertEquals(Optional.of(RunClaim.held(i.runKey(), Optional.of(InvocationStatus.DENIED))), j.claimOf(i.runKey()));
      assertEquals(List.of(), j.recoverInterrupted(NOW), "a denied run is not interrupted");
    }
  }

  @Test
  void aRunIsDecidedOnceASecondDecisionRecordsNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.awaitApproval(awaiting(i, IN_AN_HOUR));
      ApprovalDecision approved = new ApprovalDecision(i, ApprovalDecision.Verdict.APPROVED, "bob", "", NOW);
      assertEquals(Optional.of(awaiting(i, IN_AN_HOUR)), j.decide(approved));
      assertEquals(Optional.empty(), j.decide(denied(i)));
      assertEquals(List.of(awaiting(i, IN_AN_HOUR), approved), j.history(i.eventKey()));
      assertEquals(Optional.of(RunClaim.held(i.runKey(), Optional.empty())), j.claimOf(i.runKey()),
          "approved: the claim stays with the run, to be started");
    }
  }

  @Test
  void approvalsDueReturnsTheRequestsWhoseWindowEndedOldestFirstAndNoOther() {
    Invocation late = run("inv-1", "ev-1");
    Invocation early = run("inv-2", "ev-2");
    Invocation open = run("inv-3", "ev-3");
    try (FileJournal j = open()) {
      for (Invocation i : List.of(late, early, open)) {
        assertTrue(j.claim(i).granted());
      }
      j.awaitApproval(awaiting(late, NOW.plusSeconds(20)));
      j.awaitApproval(awaiting(early, NOW.plusSeconds(10)));
      j.awaitApproval(awaiting(open, IN_AN_HOUR));
      Instant now = NOW.plusSeconds(20);
      assertEquals(List.of(awaiting(early, NOW.plusSeconds(10)), awaiting(late, NOW.plusSeconds(20))),
          j.approvalsDue(now, 10));
      assertEquals(List.of(awaiting(early, NOW.plusSeconds(10))), j.approvalsDue(now, 1), "at most the limit");
      assertEquals(List.of(), j.approvalsDue(NOW, 10), "no window ended yet");
    }
  }

  @Test
  void approvalsDueLeavesOutARunAlreadyDecided() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.awaitApproval(awaiting(i, NOW.plusSeconds(10)));
      assertEquals(1, j.approvalsDue(IN_AN_HOUR, 10).size());
      assertTrue(j.decide(denied(i)).isPresent());
      assertEquals(List.of(), j.approvalsDue(IN_AN_HOUR, 10));
    }
  }

  @Test
  void recoveryAfterARestartLeavesARunAwaitingApprovalAwaitingWithItsClaim() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.awaitApproval(awaiting(i, IN_AN_HOUR));
    }
    try (FileJournal j = open()) {
      assertEquals(List.of(), j.recoverInterrupted(NOW));
      assertEquals(Optional.of(awaiting(i, IN_AN_HOUR)), j.awaiting(i.runKey()));
      assertEquals(Optional.of(RunClaim.held(i.runKey(), Optional.empty())), j.claimOf(i.runKey()));
    }
  }
}
