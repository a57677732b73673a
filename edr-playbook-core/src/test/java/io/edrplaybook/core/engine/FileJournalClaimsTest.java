package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.JournalEntries.NOW;
import static io.edrplaybook.core.engine.JournalEntries.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.RunClaim;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims in the file journal across restarts: retake, release, and the recovery of interrupted runs. */
class FileJournalClaimsTest {
  private static final EnumSet<InvocationStatus> RETRYABLE = EnumSet.of(InvocationStatus.INTERRUPTED);

  @TempDir
  Path dir;

  private FileJournal open() {
    return FileJournal.open(dir.resolve("journal"));
  }

  private static Optional<RunClaim> held(Invocation i, InvocationStatus last) {
    return Optional.of(RunClaim.held(i.runKey(), Optional.ofNullable(last)));
  }

  /** Starts {@code i} and closes the journal without ending it: what a stop of the host leaves. */
  private void startedBeforeARestart(Invocation i) {
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.started(new InvocationStarted(i, NOW));
    }
  }

  @Test
  void recoveryAfterARestartEndsEachRunThatStartedInterruptedAndReturnsTheRecords() {
    Invocation i = run("inv-1", "ev-1");
    startedBeforeARestart(i);
    try (FileJournal j = open()) {
      List<InvocationResult> recovered = j.recoverInterrupted(NOW.plusSeconds(5));
      assertEquals(1, recovered.size(), recovered.toString());
      assertEquals(i, recovered.get(0).invocation());
      assertEquals(InvocationStatus.INTERRUPTED, recovered.get(0).status());
      assertEquals(held(i, InvocationStatus.INTERRUPTED), j.claimOf(i.runKey()));
      assertEquals(recovered.get(0), j.history(i.eventKey()).get(1), "the record returned is the one written");
      assertEquals(List.of(), j.recoverInterrupted(NOW.plusSeconds(6)), "once");
    }
  }

  @Test
  void recoveryAfterARestartGivesBackTheClaimOfARunThatNeverStarted() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
    }
    try (FileJournal j = open()) {
      assertEquals(held(i, null), j.claimOf(i.runKey()), "the claim held at close was written");
      assertEquals(List.of(), j.recoverInterrupted(NOW), "nothing started, so nothing interrupted");
      assertEquals(Optional.empty(), j.claimOf(i.runKey()), "the claim is given back");
      assertTrue(j.claim(run("inv-2", "ev-1")).granted(), "a later submission runs it");
    }
  }

  @Test
  void aRunThatEndedWithoutStartingKeepsItsEndAcrossARestart() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      assertTrue(j.finished(InvocationResult.notRun(i, InvocationStatus.REJECTED, NOW, "its lane was full")));
    }
    try (FileJournal j = open()) {
      assertEquals(held(i, InvocationStatus.REJECTED), j.claimOf(i.runKey()));
      assertEquals(List.of(), j.recoverInterrupted(NOW));
      assertFalse(j.claim(run("inv-2", "ev-1")).granted(), "it ran (or was refused) once: never again");
    }
  }

  @Test
  void aRetakeFromAStatusTheLastAttemptDidNotEndWithTakesNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.started(new InvocationStarted(i, NOW));
      assertTrue(j.finished(InvocationResult.notRun(i, InvocationStatus.FAILED, NOW, "it failed")));
      assertFalse(j.retake(i.nextAttempt("inv-2", 2), RETRYABLE));
      assertEquals(held(i, InvocationStatus.FAILED), j.claimOf(i.runKey()));
    }
  }

  @Test
  void aRetakeOfAKeyNobodyClaimedTakesNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertFalse(j.retake(i, RETRYABLE));
      assertEquals(Optional.empty(), j.claimOf(i.runKey()));
    }
  }

  @Test
  void aRetakeOfAnUnendedRunTakesNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      j.started(new InvocationStarted(i, NOW));
      assertFalse(j.retake(i.nextAttempt("inv-2", 2), RETRYABLE));
    }
  }

  @Test
  void aRetakenKeyIsHeldByTheNewAttemptOnceAndAcrossARestart() {
    Invocation i = run("inv-1", "ev-1");
    startedBeforeARestart(i);
    Invocation again = i.nextAttempt("inv-2", 2);
    try (FileJournal j = open()) {
      assertEquals(1, j.recoverInterrupted(NOW).size());
      assertTrue(j.retake(again, RETRYABLE));
      assertEquals(held(i, null), j.claimOf(i.runKey()), "held by the new attempt, not ended");
      assertFalse(j.retake(i.nextAttempt("inv-3", 3), RETRYABLE), "one retake wins");
    }
    try (FileJournal j = open()) {
      assertEquals(held(i, null), j.claimOf(i.runKey()), "the retake was written");
      assertFalse(j.retake(i.nextAttempt("inv-3", 3), RETRYABLE));
    }
  }

  @Test
  void aClaimWrittenBeforeARestartIsGivenBackByItsHolder() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
    }
    try (FileJournal j = open()) {
      j.release(i);
      assertEquals(Optional.empty(), j.claimOf(i.runKey()));
    }
    try (FileJournal j = open()) {
      assertEquals(Optional.empty(), j.claimOf(i.runKey()), "the release was written");
    }
  }

  @Test
  void aReleaseByAnInvocationThatDoesNotHoldTheKeyChangesNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
    }
    try (FileJournal j = open()) {
      j.release(run("inv-2", "ev-1"));
      assertEquals(held(i, null), j.claimOf(i.runKey()));
    }
  }

  @Test
  void aReleaseOfARunThatStartedChangesNothing() {
    Invocation i = run("inv-1", "ev-1");
    startedBeforeARestart(i);
    try (FileJournal j = open()) {
      j.release(i);
      assertEquals(held(i, null), j.claimOf(i.runKey()));
      assertEquals(1, j.recoverInterrupted(NOW).size(), "still a run that started and did not end");
    }
  }

  @Test
  void aReleaseOfARunThatEndedChangesNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.claim(i).granted());
      assertTrue(j.finished(InvocationResult.notRun(i, InvocationStatus.CANCELLED, NOW, "reclassified")));
      j.release(i);
      assertEquals(held(i, InvocationStatus.CANCELLED), j.claimOf(i.runKey()));
    }
  }

  @Test
  void aReleaseOfAKeyNobodyClaimedChangesNothingAndTheJournalStaysHealthy() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      j.release(i);
      assertEquals(Optional.empty(), j.claimOf(i.runKey()));
      assertTrue(j.health().writable(), j.health().toString());
      assertTrue(j.claim(i).granted());
    }
  }
}
