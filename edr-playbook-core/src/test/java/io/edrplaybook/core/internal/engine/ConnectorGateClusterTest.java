package io.edrplaybook.core.internal.engine;

import static io.edrplaybook.core.internal.engine.GateTestKit.end;
import static io.edrplaybook.core.internal.engine.GateTestKit.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.InvocationStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connector's maxConcurrent across the engines sharing a journal: each admitted run first takes a
 * cluster slot, asked for on the io executor; a refused slot makes the run wait, never drops it.
 * Timers fire, io jobs run and time passes only when the test says so.
 */
class ConnectorGateClusterTest {
  private static final double ONE_PER_1000_S = 0.001;

  private final HandFiredTimers timers = new HandFiredTimers();
  private final GateTestKit.Jobs io = new GateTestKit.Jobs(false);
  private final GateTestKit.Slots slots = new GateTestKit.Slots();
  private final List<RunTask> admitted = new ArrayList<>();
  private final GateTestKit.Nanos clock = new GateTestKit.Nanos();

  private ConnectorGate gate(ConnectorLimits limits) {
    return new ConnectorGate(limits, 10, timers, io, slots, admitted::add, clock);
  }

  @Test
  void aRateOnlyConnectorNeverAsksTheJournalForSlots() {
    ConnectorGate gate = gate(ConnectorLimits.rate(ONE_PER_1000_S, 2));
    RunTask a = task("a");
    RunTask b = task("b");
    gate.offer(a);
    gate.offer(b);
    assertEquals(List.of(a, b), admitted, "started at once, as in one engine");
    io.runAll();
    assertEquals(0, slots.asks);
  }

  @Test
  void slotsAreAskedForOnTheIoExecutorNotOnTheOfferingThread() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    RunTask a = task("a");
    gate.offer(a);
    assertEquals(0, slots.asks);
    io.runAll();
    assertEquals(List.of(a), admitted);
    assertEquals(Set.of("a"), slots.held);
  }

  @Test
  void aRunsEndGivesItsSlotBackAtOnceAndTheNextIsAskedForOnTheIoExecutor() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    RunTask a = task("a");
    RunTask b = task("b");
    gate.offer(a);
    gate.offer(b);
    io.runAll();
    end(a);
    assertEquals(Set.of(), slots.held, "a's slot is back before its record is published");
    assertEquals(1, slots.asks, "no journal call on the thread that ends a run");
    io.runAll();
    assertEquals(List.of(a, b), admitted);
  }

  @Test
  void aConnectorWithoutARateSetsNoTokenTimer() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(2));
    gate.offer(task("a"));
    io.runAll();
    assertEquals(1, admitted.size());
    assertEquals(List.of(), timers.pendingDelays());
  }

  @Test
  void aRateWakeUpAsksForTheSlotOnTheIoExecutorNotOnTheSchedulerThread() {
    ConnectorGate gate = gate(new ConnectorLimits(2, ONE_PER_1000_S, 1));
    RunTask a = task("a");
    RunTask b = task("b");
    gate.offer(a);
    io.runAll();
    gate.offer(b);
    io.runAll();
    assertEquals(List.of(a), admitted, "b waits for its token");
    clock.elapse(Duration.ofSeconds(1000));
    timers.fireAll();
    assertEquals(1, slots.asks, "the scheduler thread never calls the journal");
    io.runAll();
    assertEquals(List.of(a, b), admitted);
  }

  @Test
  void aRateWakeUpCountsTheTimeAlreadyPassedTowardsTheNextToken() {
    ConnectorGate gate = gate(new ConnectorLimits(2, ONE_PER_1000_S, 1));
    gate.offer(task("a"));
    io.runAll();
    timers.fireAll();
    io.runAll();
    clock.elapse(Duration.ofSeconds(500)); // half a token
    gate.offer(task("b"));
    io.runAll();
    List<Long> delays = timers.pendingDelays();
    assertEquals(1, delays.size(), "one wake-up: " + delays);
    assertEquals(Duration.ofSeconds(500).toNanos(), delays.get(0), 1_000, "woken when the token is due");
    assertEquals(1, admitted.size());
  }

  @Test
  void aRunRefusedASlotGetsItsRateTokenBack() {
    ConnectorGate gate = gate(new ConnectorLimits(2, ONE_PER_1000_S, 1));
    slots.refuseNext = 1;
    RunTask a = task("a");
    gate.offer(a);
    io.runAll();
    assertEquals(List.of(), admitted);
    timers.fireAll(); // the slot retry is due; no time passes for the bucket
    io.runAll();
    assertEquals(List.of(a), admitted, "the refused start did not spend the bucket's one token");
  }

  @Test
  void aSlotRefusedAgainAndAgainIsAskedForAfterABackoffThatDoublesUpToOneSecond() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    slots.refuseNext = 8;
    gate.offer(task("a"));
    io.runAll();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      List<Long> pending = timers.pendingDelays();
      assertEquals(1, pending.size(), "one retry at a time: " + pending);
      waits.add(TimeUnit.NANOSECONDS.toMillis(pending.get(0)));
      timers.fireAll();
      io.runAll();
    }
    assertEquals(List.of(20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L), waits);
    assertEquals(1, admitted.size(), "granted at the ninth ask");
  }

  @Test
  void aJournalThatFailsToGiveASlotDoesNotStartTheRunUntilASlotIsGranted() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    slots.failNext = 1;
    RunTask a = task("a");
    gate.offer(a);
    io.runAll();
    assertEquals(List.of(), admitted, "a failed ask is a refusal");
    timers.fireAll();
    io.runAll();
    assertEquals(List.of(a), admitted);
    assertEquals(Set.of("a"), slots.held);
  }

  @Test
  void whileARefusedRunWaitsForItsBackoffNewOffersDoNotAskTheJournalAgain() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(2));
    slots.refuseNext = 1;
    gate.offer(task("a"));
    io.runAll();
    gate.offer(task("b"));
    io.runAll();
    assertEquals(1, slots.asks);
    timers.fireAll();
    io.runAll();
    assertEquals(2, admitted.size(), "both start at the retry");
  }

  @Test
  void aRunThatEndsHandsItsSlotToAWaitingRunWithoutWaitingForTheBackoff() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(2));
    slots.held.add("a run of another engine");
    RunTask a = task("a");
    RunTask b = task("b");
    gate.offer(a);
    io.runAll();
    gate.offer(b);
    io.runAll();
    assertEquals(List.of(a), admitted, "the cluster's two slots are taken");
    assertFalse(timers.pendingDelays().isEmpty(), "b's retry is set");
    end(a);
    io.runAll();
    assertEquals(List.of(a, b), admitted);
  }

  @Test
  void aRunThatEndsWhileItsSlotIsBeingTakenGivesTheSlotBack() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    RunTask a = task("a");
    slots.duringNextAsk = inv -> end(a); // the engine ended the run (closing) meanwhile
    gate.offer(a);
    io.runAll();
    assertEquals(List.of(), admitted);
    assertEquals(Set.of(), slots.held);
  }

  @Test
  void aRunRefusedItsSlotAfterTheEngineDrainedTheGateEndsAsNeverStarted() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    TaskFixtures.Sink sink = new TaskFixtures.Sink();
    RunTask a = task("a", sink);
    slots.refuseNext = 1;
    slots.duringNextAsk = inv -> assertEquals(List.of(), gate.drain(), "a is being asked for, not waiting");
    gate.offer(a);
    io.runAll();
    assertEquals(List.of(), admitted);
    assertEquals(List.of(InvocationStatus.CANCELLED), sink.finished.stream().map(r -> r.status()).toList());
    assertEquals(Dispatcher.CLOSED_BEFORE_START, sink.finished.get(0).message());
    assertEquals(List.of(), gate.drain(), "not put back into the drained queue");
    assertTrue(timers.pendingDelays().isEmpty(), "no retry after the drain");
  }

  @Test
  void aRunGrantedItsSlotAfterTheEngineDrainedTheGateGivesItBackAndEndsAsNeverStarted() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    TaskFixtures.Sink sink = new TaskFixtures.Sink();
    RunTask a = task("a", sink);
    slots.duringNextAsk = inv -> gate.drain();
    gate.offer(a);
    io.runAll();
    assertEquals(List.of(), admitted, "the engine is closing: nothing starts");
    assertEquals(Set.of(), slots.held, "the slot goes back to the cluster");
    assertEquals(List.of(Dispatcher.CLOSED_BEFORE_START), sink.finished.stream().map(r -> r.message()).toList());
  }

  @Test
  void anIoExecutorThatRefusesWorkDoesNotLoseIt() {
    RunTask a = task("a");
    ConnectorGate gate = new ConnectorGate(ConnectorLimits.concurrency(1), 10, timers,
        new GateTestKit.Jobs(true), slots, admitted::add);
    gate.offer(a);
    assertEquals(List.of(a), admitted, "asked on the offering thread when the io executor is stopping");
  }
}
