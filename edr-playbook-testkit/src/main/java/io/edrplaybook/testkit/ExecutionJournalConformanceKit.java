package io.edrplaybook.testkit;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static io.edrplaybook.api.Classification.PUP;
import static io.edrplaybook.api.Classification.SUSPICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.RunClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The journal conformance kit: an abstract JUnit 5 suite that pins down the
 * {@link ExecutionJournal} contract for any journal. Subclass it in a few lines:
 *
 * <pre>{@code
 * class MyJournalConformanceTest extends ExecutionJournalConformanceKit {
 *   protected ExecutionJournal open(Path dir) {
 *     return MyJournal.open(dir);
 *   }
 *   protected boolean durable() {
 *     return true; // reopening on dir finds what was written
 *   }
 * }
 * }</pre>
 *
 * <p>Capabilities are declared by overriding {@link #durable()} (cases after a restart and an
 * abrupt stop), {@link #shared()} (several journals on one store) and the hooks of
 * {@link ExecutionJournalConformanceKitBase}. Every failure message names the rule it checks. The
 * cases assert outcomes, never timing.
 */
public abstract class ExecutionJournalConformanceKit extends ExecutionJournalApprovalCases {

  // ---- claims ----------------------------------------------------------------------------

  @Test
  void claimIsGrantedToExactlyOneOfManyThreadsPerKey() throws Exception {
    ExecutionJournal j = journal();
    int threads = 8;
    int keys = 40;
    List<List<Invocation>> perThread = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Invocation> mine = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        mine.add(run("ev-" + (k % 10), "action-" + k));
      }
      perThread.add(mine);
    }
    List<List<Boolean>> answers = concurrently(threads, n -> {
      List<Boolean> granted = new ArrayList<>();
      for (Invocation i : perThread.get(n)) {
        granted.add(j.claim(i).granted());
      }
      return granted;
    });
    for (int k = 0; k < keys; k++) {
      int winners = 0;
      for (List<Boolean> a : answers) {
        winners += a.get(k) ? 1 : 0;
      }
      assertEquals(1, winners, "claims under concurrency: exactly one of " + threads
          + " threads must be granted key " + perThread.get(0).get(k).runKey());
    }
  }

  @Test
  void aHeldKeyIsNotGrantedAgainAndSaysHowItsRunEnded() {
    ExecutionJournal j = journal();
    Invocation first = run("ev-1", "block");
    assertTrue(j.claim(first).granted(), "claim: a fresh key is granted");
    RunClaim second = j.claim(again(first));
    assertFalse(second.granted(), "claim: a held key is granted once ever");
    assertEquals(Optional.empty(), second.lastStatus(), "claim: a holder that has not ended has no last status");
    j.started(new InvocationStarted(first, NOW));
    j.finished(result(first, InvocationStatus.SUCCEEDED, NOW));
    RunClaim third = j.claim(again(first));
    assertFalse(third.granted(), "claim: a key whose run ended is still held");
    assertEquals(Optional.of(InvocationStatus.SUCCEEDED), third.lastStatus(), "claim: the holder's last status");
    assertEquals(Optional.of(RunClaim.held(first.runKey(), Optional.of(InvocationStatus.SUCCEEDED))),
        j.claimOf(first.runKey()), "claimOf: a held key and its last status");
    assertEquals(Optional.empty(), j.claimOf(run("ev-1", "other").runKey()), "claimOf: an unknown key is empty");
  }

  @Test
  void claimsAreHeldAfterReopen() {
    assumeTrue(durable(), "claim after reopen: only for durable journals");
    ExecutionJournal j = journal();
    Invocation ended = run("ev-1", "block");
    runToEnd(j, ended, InvocationStatus.FAILED, NOW);
    Invocation claimed = run("ev-1", "notify");
    assertTrue(j.claim(claimed).granted());
    j = reopen();
    RunClaim afterEnd = j.claim(again(ended));
    assertFalse(afterEnd.granted(), "claim after reopen: a key whose run ended stays held");
    assertEquals(Optional.of(InvocationStatus.FAILED), afterEnd.lastStatus(),
        "claim after reopen: the last status survives a restart");
    assertFalse(j.claim(again(claimed)).granted(), "claim after reopen: a claim not yet given back stays held");
  }

  @Test
  void releaseGivesBackOnlyAnUnstartedClaimOfItsHolder() {
    ExecutionJournal j = journal();
    Invocation holder = run("ev-1", "block");
    assertTrue(j.claim(holder).granted());
    j.release(again(holder));
    assertFalse(j.claim(again(holder)).granted(), "release: another invocation cannot give back the holder's claim");
    j.release(holder);
    assertEquals(Optional.empty(), j.claimOf(holder.runKey()), "release: the holder's unstarted claim is given back");
    Invocation next = again(holder);
    assertTrue(j.claim(next).granted(), "release: a given-back key is granted again");
    j.started(new InvocationStarted(next, NOW));
    j.release(next);
    assertFalse(j.claim(again(next)).granted(), "release: a started run keeps its claim");
  }

  @Test
  void retakeSucceedsOnlyFromAllowedStatusesAndOnlyOnce() throws Exception {
    ExecutionJournal j = journal();
    Invocation first = run("ev-1", "block");
    assertFalse(j.retake(first, EnumSet.of(InvocationStatus.FAILED)), "retake: an unclaimed key cannot be retaken");
    assertTrue(j.claim(first).granted());
    j.started(new InvocationStarted(first, NOW));
    assertFalse(j.retake(again(first), EnumSet.allOf(InvocationStatus.class)), "retake: a running key cannot be retaken");
    j.finished(result(first, InvocationStatus.FAILED, NOW));
    assertFalse(j.retake(again(first), EnumSet.of(InvocationStatus.INTERRUPTED)),
        "retake: not from a status outside the allowed ones");
    List<Invocation> contenders = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      contenders.add(again(first));
    }
    List<Boolean> won = concurrently(8, n -> j.retake(contenders.get(n), EnumSet.of(InvocationStatus.FAILED)));
    assertEquals(1, won.stream().filter(b -> b).count(), "retake: exactly one of 8 concurrent callers wins");
    assertEquals(Optional.of(RunClaim.held(first.runKey(), Optional.empty())), j.claimOf(first.runKey()),
        "retake: the key is held again by a run that has not ended");
  }

  // ---- classification --------------------------------------------------------------------

  @Test
  void classifyRecordsChangesWithTheirPreviousAndNothingForTheSameClassification() {
    ExecutionJournal j = journal();
    Classified first = j.classify(classification(ORG, "ev-1", MALICIOUS, NOW));
    assertEquals(new EventState(key("ev-1"), MALICIOUS, Optional.empty()), first.state(), "classify: first state");
    assertEquals(Optional.empty(), first.recorded().orElseThrow(
        () -> new AssertionError("classify: a new event's classification is recorded")).previous());
    Classified same = j.classify(classification(ORG, "ev-1", MALICIOUS, NOW.plusSeconds(1)));
    assertEquals(Optional.empty(), same.recorded(), "classify: the same classification records nothing");
    assertEquals(first.state(), same.state());
    Classified changed = j.classify(new ClassificationChange("ev-1", ORG, SUSPICIOUS, Optional.of(PUP),
        NOW.plusSeconds(2), Optional.empty(), "no playbook applies"));
    assertEquals(Optional.of(MALICIOUS), changed.recorded().orElseThrow().previous(),
        "classify: the journal fills in previous, ignoring the caller's");
    EventState expected = new EventState(key("ev-1"), SUSPICIOUS, Optional.of(MALICIOUS));
    assertEquals(expected, changed.state(), "classify: state after a change");
    assertEquals(Optional.of(expected), j.event(key("ev-1")), "event(): the current and previous classification");
    assertEquals(Optional.empty(), j.event(key("ev-unknown")), "event(): an unknown event is empty");
    List<ClassificationChange> recorded = j.history(key("ev-1")).stream()
        .filter(h -> h instanceof ClassificationChange).map(h -> (ClassificationChange) h).toList();
    assertEquals(List.of(first.recorded().orElseThrow(), changed.recorded().orElseThrow()), recorded,
        "classify: history holds exactly the recorded changes");
    if (durable()) {
      ExecutionJournal r = reopen();
      assertEquals(Optional.of(expected), r.event(key("ev-1")), "classify: the state survives a restart");
      assertEquals(Optional.empty(), r.classify(classification(ORG, "ev-1", SUSPICIOUS, NOW)).recorded(),
          "classify: after a restart, the same classification still records nothing");
    }
  }

  @Test
  void classifyWithClaimsRecordsTheClassificationAndAnswersEachClaimInOrder() {
    ExecutionJournal j = journal();
    Invocation held = run("ev-1", "block");
    assertTrue(j.claim(held).granted());
    Invocation notify = run("ev-1", "notify");
    Classified first = j.classify(classification(ORG, "ev-1", MALICIOUS, NOW), List.of(again(held), notify));
    assertEquals(new EventState(key("ev-1"), MALICIOUS, Optional.empty()), first.state(),
        "classify with claims: the state, as classify gives it");
    assertTrue(first.recorded().isPresent(), "classify with claims: a new event's classification is recorded");
    assertEquals(2, first.claims().size(), "classify with claims: one answer per claim");
    assertFalse(first.claims().get(0).granted(), "classify with claims: a held key is not granted");
    assertTrue(first.claims().get(1).granted(), "classify with claims: a fresh key is granted");
    assertFalse(j.claim(again(notify)).granted(), "classify with claims: a granted claim is held");
    Classified same = j.classify(classification(ORG, "ev-1", MALICIOUS, NOW.plusSeconds(1)),
        List.of(run("ev-1", "ticket")));
    assertEquals(Optional.empty(), same.recorded(), "classify with claims: the same classification records nothing");
    assertTrue(same.claims().get(0).granted(), "classify with claims: claims are made also when nothing changed");
    assertEquals(List.of(), j.classify(classification(ORG, "ev-2", MALICIOUS, NOW), List.of()).claims(),
        "classify with no claims: no answers");
    j.started(new InvocationStarted(held, NOW));
    j.finished(result(held, InvocationStatus.SUCCEEDED, NOW));
    RunClaim ended = j.classify(classification(ORG, "ev-1", MALICIOUS, NOW.plusSeconds(2)), List.of(again(held)))
        .claims().get(0);
    assertFalse(ended.granted(), "classify with claims: a key whose run ended is still held");
    assertEquals(Optional.of(InvocationStatus.SUCCEEDED), ended.lastStatus(),
        "classify with claims: a held key says how its run ended");
    Classified back = j.classify(classification(ORG, "ev-1", SUSPICIOUS, NOW.plusSeconds(3)),
        List.of(run(ORG, "ev-1", SUSPICIOUS, "block")));
    assertEquals(Optional.of(MALICIOUS), back.recorded().orElseThrow().previous(),
        "classify with claims: a change records its previous classification");
    assertEquals(new EventState(key("ev-1"), SUSPICIOUS, Optional.of(MALICIOUS)), back.state());
    assertTrue(back.claims().get(0).granted(), "classify with claims: the new classification's key is fresh");
  }

  @Test
  void concurrentClassificationsOfOneEventAreSerialized() throws Exception {
    ExecutionJournal j = journal();
    Classification[] values = Classification.values();
    List<Integer> recordedPerThread = concurrently(8, n -> {
      int recorded = 0;
      for (int k = 0; k < 25; k++) {
        Classification c = values[(n + k) % values.length];
        if (j.classify(classification(ORG, "ev-1", c, NOW.plusMillis(k))).recorded().isPresent()) {
          recorded++;
        }
      }
      return recorded;
    });
    List<ClassificationChange> changes = j.history(key("ev-1")).stream()
        .filter(h -> h instanceof ClassificationChange).map(h -> (ClassificationChange) h).toList();
    assertEquals(recordedPerThread.stream().mapToInt(Integer::intValue).sum(), changes.size(),
        "concurrent classify: every recorded change is in the history, once");
    for (int k = 0; k < changes.size(); k++) {
      Optional<Classification> before = k == 0 ? Optional.empty() : Optional.of(changes.get(k - 1).classification());
      assertEquals(before, changes.get(k).previous(),
          "concurrent classify: change " + k + "'s previous is the classification recorded before it");
      assertFalse(before.equals(Optional.of(changes.get(k).classification())),
          "concurrent classify: change " + k + " changes something");
    }
    Classification last = changes.get(changes.size() - 1).classification();
    assertEquals(last, j.event(key("ev-1")).orElseThrow().current(), "concurrent classify: state is the last change");
  }

  @Test
  void theSameIdInTwoOrganizationsNamesTwoEvents() {
    ExecutionJournal j = journal();
    j.classify(classification("acme", "ev-1", MALICIOUS, NOW));
    j.classify(classification("globex", "ev-1", SUSPICIOUS, NOW));
    assertEquals(MALICIOUS, j.event(new EventKey("acme", "ev-1")).orElseThrow().current(), "identity: acme's event");
    assertEquals(SUSPICIOUS, j.event(new EventKey("globex", "ev-1")).orElseThrow().current(),
        "identity: globex's event");
    Invocation acme = run("acme", "ev-1", MALICIOUS, "block");
    Invocation globex = run("globex", "ev-1", MALICIOUS, "block");
    assertTrue(j.claim(acme).granted(), "identity: acme's key");
    assertTrue(j.claim(globex).granted(), "identity: the same key in another organization is another key");
    for (String org : List.of("acme", "globex")) {
      for (HistoryEntry h : j.history(new EventKey(org, "ev-1"))) {
        assertEquals(org, h.organization(), "identity: history of " + org + "/ev-1 holds only its own entries");
      }
    }
    assertEquals(1, j.history(new EventKey("globex", "ev-1")).size(), "identity: globex's history");
  }

  // ---- runs ------------------------------------------------------------------------------

  @Test
  void openRunsAfterAnAbruptStopAreInterruptedOnceAndUnstartedClaimsGivenBack() {
    ExecutionJournal j = journal();
    Invocation running = run("ev-1", "block");
    assertTrue(j.claim(running).granted());
    j.started(new InvocationStarted(running, NOW));
    Invocation queued = run("ev-1", "notify");
    assertTrue(j.claim(queued).granted());
    Invocation done = run("ev-2", "block");
    runToEnd(j, done, InvocationStatus.SUCCEEDED, NOW);
    Invocation test = testRun("test-1", "block");
    j.started(new InvocationStarted(test, NOW));
    if (durable()) {
      j = crashAndReopen();
    }
    Instant at = NOW.plusSeconds(60);
    List<InvocationResult> recovered = j.recoverInterrupted(at);
    assertEquals(Set.of(running.id(), test.id()),
        Set.copyOf(recovered.stream().map(r -> r.invocation().id()).toList()),
        "open runs: exactly the started runs without a terminal record are interrupted");
    for (InvocationResult r : recovered) {
      assertEquals(InvocationStatus.INTERRUPTED, r.status(), "open runs: status");
      assertEquals(at, r.time(), "open runs: recorded at the given time");
    }
    assertEquals(List.of(), j.recoverInterrupted(at.plusSeconds(1)), "open runs: a second call finds nothing");
    assertEquals(1, terminals(j.history(key("ev-1")), running.id()).size(), "open runs: one terminal record");
    assertFalse(j.finished(result(running, InvocationStatus.SUCCEEDED, at)),
        "open runs: a late answer after the interruption records nothing");
    assertEquals(Optional.of(RunClaim.held(running.runKey(), Optional.of(InvocationStatus.INTERRUPTED))),
        j.claimOf(running.runKey()), "open runs: the interrupted key is held, last status INTERRUPTED");
    assertTrue(j.claim(again(queued)).granted(), "open runs: a claim that never started is given back");
    if (durable()) {
      ExecutionJournal r = reopen();
      assertEquals(List.of(), r.recoverInterrupted(at.plusSeconds(2)),
          "open runs: nothing is interrupted twice across restarts");
    }
  }

  @Test
  void aStartKeepsTheRunsQueueTime() {
    ExecutionJournal j = journal();
    Invocation i = run("ev-1", "block");
    assertTrue(j.claim(i).granted());
    InvocationStarted s = new InvocationStarted(i, NOW, Duration.ofNanos(10_000_123_456L));
    j.started(s);
    assertEquals(List.of(s), starts(j.history(key("ev-1"))), "started: the queue time is kept");
    j.finished(result(i, InvocationStatus.SUCCEEDED, NOW));
    if (durable()) {
      assertEquals(List.of(s), starts(reopen().history(key("ev-1"))), "started: the queue time after a restart");
    }
  }

  private static List<InvocationStarted> starts(List<HistoryEntry> history) {
    return history.stream().filter(e -> e instanceof InvocationStarted).map(e -> (InvocationStarted) e).toList();
  }

  @Test
  void aRunEndsAtMostOncePerInvocationId() {
    ExecutionJournal j = journal();
    Invocation i = run("ev-1", "block");
    assertTrue(j.claim(i).granted());
    j.started(new InvocationStarted(i, NOW));
    assertTrue(j.finished(result(i, InvocationStatus.SUCCEEDED, NOW)), "finished: the first terminal record");
    assertFalse(j.finished(result(i, InvocationStatus.FAILED, NOW.plusSeconds(1))),
        "finished: a second terminal record of one invocation id is refused");
    List<InvocationResult> ends = terminals(j.history(key("ev-1")), i.id());
    assertEquals(1, ends.size(), "finished: one terminal record in the history");
    assertEquals(InvocationStatus.SUCCEEDED, ends.get(0).status(), "finished: the first one is kept");
    if (durable()) {
      assertFalse(reopen().finished(result(i, InvocationStatus.FAILED, NOW)),
          "finished: still refused after a restart");
    }
  }

  @Test
  void testButtonRunsAreRecordedButNeverClaimed() {
    ExecutionJournal j = journal();
    Invocation test = testRun("test-1", "block");
    j.started(new InvocationStarted(test, NOW));
    assertTrue(j.finished(result(test, InvocationStatus.SUCCEEDED, NOW)), "test runs: the terminal record");
    assertEquals(2, j.history(key("test-1")).size(), "test runs: started and ended are in the history");
    assertEquals(Optional.empty(), j.claimOf(test.runKey()), "test runs: never claimed");
    Invocation real = new Invocation(newId(), "test-1", ORG, MALICIOUS, "block", "fw", "block.py", "fake", "jb-1",
        false, 1);
    assertTrue(j.claim(real).granted(), "test runs: a real run of the same key is still granted");
  }

  @Test
  void historyIsInRecordingOrder() {
    ExecutionJournal j = journal();
    Invocation i = run("ev-1", "block");
    List<HistoryEntry> written = new ArrayList<>();
    // times deliberately out of order: the order is the recording order
    written.add(j.classify(classification(ORG, "ev-1", MALICIOUS, NOW.plusSeconds(10))).recorded().orElseThrow());
    assertTrue(j.claim(i).granted());
    InvocationStarted s = new InvocationStarted(i, NOW.plusSeconds(5));
    j.started(s);
    written.add(s);
    InvocationResult r = result(i, InvocationStatus.SUCCEEDED, NOW.plusSeconds(7));
    j.finished(r);
    written.add(r);
    written.add(j.classify(classification(ORG, "ev-1", PUP, NOW)).recorded().orElseThrow());
    assertEquals(written, j.history(key("ev-1")), "history: the entries as recorded, in recording order");
    if (durable()) {
      assertEquals(written, reopen().history(key("ev-1")), "history: the same after a restart");
    }
  }

  // ---- retention -------------------------------------------------------------------------

  @Test
  void retentionForgetsEventsOlderThanTheCutoffAndKeepsTheOthers() {
    ExecutionJournal j = journal();
    Instant old = NOW.minus(Duration.ofDays(30));
    Invocation oldRun = run("ev-old", "block");
    j.classify(classification(ORG, "ev-old", MALICIOUS, old));
    runToEnd(j, oldRun, InvocationStatus.SUCCEEDED, old);
    beforeNewerEntries(j);
    Invocation newRun = run("ev-new", "block");
    j.classify(classification(ORG, "ev-new", MALICIOUS, NOW));
    runToEnd(j, newRun, InvocationStatus.SUCCEEDED, NOW);
    List<HistoryEntry> newHistory = j.history(key("ev-new"));
    assertTrue(j.forgetBefore(NOW.minus(Duration.ofDays(1))) >= 1, "retention: reports what it removed");
    nowAndAfterRestart(k -> {
      assertEquals(List.of(), k.history(key("ev-old")), "retention: an old event's history is forgotten");
      assertEquals(Optional.empty(), k.event(key("ev-old")), "retention: an old event's state is forgotten");
      assertEquals(Optional.empty(), k.claimOf(oldRun.runKey()), "retention: an old event's claims are forgotten");
      assertEquals(newHistory, k.history(key("ev-new")), "retention: a recent event is kept whole");
      assertFalse(k.claim(again(newRun)).granted(), "retention: a recent event's claims are kept");
    });
    assertTrue(journal().claim(again(oldRun)).granted(), "retention: a forgotten event is a new event");
  }

  @Test
  void retentionKeepsTheStateAndClaimsOfAnEventWithRecentEntries() {
    ExecutionJournal j = journal();
    Instant old = NOW.minus(Duration.ofDays(30));
    Invocation oldRun = run("ev-both", "block");
    j.classify(classification(ORG, "ev-both", MALICIOUS, old));
    runToEnd(j, oldRun, InvocationStatus.SUCCEEDED, old);
    j.classify(classification(ORG, "ev-old", MALICIOUS, old));
    beforeNewerEntries(j);
    ClassificationChange recent = j.classify(classification(ORG, "ev-both", SUSPICIOUS, NOW)).recorded().orElseThrow();
    j.forgetBefore(NOW.minus(Duration.ofDays(1)));
    nowAndAfterRestart(k -> {
      assertEquals(Optional.of(new EventState(key("ev-both"), SUSPICIOUS, Optional.of(MALICIOUS))),
          k.event(key("ev-both")), "retention: an event with a recent entry keeps its state");
      assertEquals(Optional.of(RunClaim.held(oldRun.runKey(), Optional.of(InvocationStatus.SUCCEEDED))),
          k.claimOf(oldRun.runKey()), "retention: an event with a recent entry keeps its claims, old ones too");
      List<HistoryEntry> h = k.history(key("ev-both"));
      assertEquals(recent, h.get(h.size() - 1), "retention: an event with a recent entry keeps its recent entries");
      assertEquals(Optional.empty(), k.event(key("ev-old")), "retention: an old event's state is forgotten");
    });
    assertFalse(journal().claim(again(oldRun)).granted(), "retention: what ran does not run again");
  }

  // ---- failures --------------------------------------------------------------------------

  @Test
  void aClosedJournalThrowsJournalExceptionAndReportsItInItsHealth() {
    ExecutionJournal j = journal();
    assertTrue(j.health().writable(), "health: an open journal takes writes");
    j.close();
    j.close();
    assertFalse(j.health().writable(), "health: a closed journal does not take writes");
    assertFalse(j.health().problem().orElse("").isBlank(), "health: says why");
    JournalException e = assertThrows(JournalException.class,
        () -> j.classify(classification(ORG, "ev-1", MALICIOUS, NOW)), "failure: classify on a closed journal");
    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "failure: the exception says why");
    assertThrows(JournalException.class, () -> j.claim(run("ev-1", "block")), "failure: claim on a closed journal");
    assertThrows(JournalException.class, () -> j.history(key("ev-1")), "failure: history on a closed journal");
  }

  @Test
  void aSecondWriterIsRefusedUnlessTheJournalIsShared() {
    assumeTrue(durable(), "one writer: only for durable journals");
    assumeFalse(shared(), "one writer: a shared journal takes several");
    journal().classify(classification(ORG, "ev-1", MALICIOUS, NOW));
    JournalException e = assertThrows(JournalException.class, this::openAnother,
        "one writer: a second journal on the same store is refused");
    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "one writer: the refusal says why");
    assertTrue(journal().health().writable(), "one writer: the first journal still works");
  }

  @Test
  void journalsSharingAStoreGrantEachKeyOnce() throws Exception {
    assumeTrue(shared(), "shared store: only for shared journals");
    ExecutionJournal a = journal();
    ExecutionJournal b = openAnother();
    Invocation i = run("ev-1", "block");
    List<Boolean> granted = concurrently(2, n -> (n == 0 ? a : b).claim(n == 0 ? i : again(i)).granted());
    assertEquals(1, granted.stream().filter(g -> g).count(), "shared store: one of two journals is granted");
  }

  @Test
  void aRecordTooBigIsBoundedAndReadsBack() {
    ExecutionJournal j = journal();
    Invocation i = run("ev-1", "block");
    assertTrue(j.claim(i).granted());
    j.started(new InvocationStarted(i, NOW));
    String huge = "x".repeat(24 * 1024 * 1024);
    InvocationResult big = new InvocationResult(i, InvocationStatus.SUCCEEDED, NOW, Duration.ofSeconds(1),
        "done", Optional.of(Map.of("blob", huge, "message", "done")), huge, false, Optional.empty());
    assertTrue(j.finished(big), "big record: recorded");
    Invocation next = run("ev-1", "notify");
    runToEnd(j, next, InvocationStatus.SUCCEEDED, NOW);
    nowAndAfterRestart(k -> {
      List<InvocationResult> back = terminals(k.history(key("ev-1")), i.id());
      assertEquals(1, back.size(), "big record: reads back");
      InvocationResult r = back.get(0);
      assertEquals(InvocationStatus.SUCCEEDED, r.status(), "big record: the outcome is kept");
      assertTrue(r.output().equals(huge) || r.outputTruncated() && r.output().length() < huge.length(),
          "big record: the output is kept whole or cut with outputTruncated set");
      assertTrue(r.result().equals(big.result()) || !r.result().orElse(Map.of()).isEmpty(),
          "big record: the result is kept whole or replaced by a marker");
      assertEquals(1, terminals(k.history(key("ev-1")), next.id()).size(), "big record: the next entry reads back");
    });
  }
}
