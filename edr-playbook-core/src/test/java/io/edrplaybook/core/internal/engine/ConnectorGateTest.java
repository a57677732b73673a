package io.edrplaybook.core.internal.engine;

import static io.edrplaybook.core.internal.engine.GateTestKit.end;
import static io.edrplaybook.core.internal.engine.GateTestKit.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConnectorLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A connector's limits in one engine: at most maxConcurrent at once, a token bucket of
 * ratePerSecond and burst; work over a limit waits, in order, and is handed on when there is room.
 * Timers fire and time passes only when the test says so.
 */
class ConnectorGateTest {
  /** One token per 1000 s. */
  private static final double ONE_PER_1000_S = 0.001;

  private final HandFiredTimers timers = new HandFiredTimers();
  private final List<RunTask> admitted = new ArrayList<>();
  private final GateTestKit.Nanos clock = new GateTestKit.Nanos();

  private ConnectorGate gate(ConnectorLimits limits) {
    return new ConnectorGate(limits, 10, timers, Runnable::run, ConnectorSlots.NONE, admitted::add, clock);
  }

  private static List<RunTask> offer(ConnectorGate gate, int n) {
    List<RunTask> tasks = IntStream.range(0, n).mapToObj(i -> task("run-" + i)).toList();
    tasks.forEach(t -> assertTrue(gate.offer(t), "offered " + t.invocation().id()));
    return tasks;
  }

  @Test
  void aConnectorLimitedToNAtOnceStartsNAndKeepsTheRestWaiting() {
    List<RunTask> t = offer(gate(ConnectorLimits.concurrency(2)), 5);
    assertEquals(t.subList(0, 2), admitted);
  }

  @Test
  void aRunThatEndsGivesItsPlaceToTheNextWaitingOneInOrder() {
    List<RunTask> t = offer(gate(ConnectorLimits.concurrency(1)), 3);
    end(t.get(0));
    assertEquals(t.subList(0, 2), admitted);
    end(t.get(1));
    assertEquals(t, admitted, "every run waited its turn and ran, none dropped");
  }

  @Test
  void workBeyondTheWaitingRoomIsRefusedNotQueued() {
    ConnectorGate gate = new ConnectorGate(ConnectorLimits.concurrency(1), 2, timers, admitted::add);
    List<Boolean> taken = IntStream.range(0, 4).mapToObj(i -> gate.offer(task("run-" + i))).toList();
    assertEquals(List.of(true, true, true, false), taken);
  }

  @Test
  void aFreshBucketStartsItsBurstAtOnceAndTheNextRunWaits() {
    List<RunTask> t = offer(gate(ConnectorLimits.rate(ONE_PER_1000_S, 3)), 4);
    assertEquals(t.subList(0, 3), admitted);
  }

  @Test
  void aBurstOfOneStartsTheFirstRunAtOnce() {
    List<RunTask> t = offer(gate(ConnectorLimits.rate(ONE_PER_1000_S, 1)), 2);
    assertEquals(t.subList(0, 1), admitted);
  }

  @Test
  void aRateLimitedQueueAsksToBeWokenWhenItsNextTokenIsDue() {
    offer(gate(ConnectorLimits.rate(ONE_PER_1000_S, 1)), 2);
    List<Long> delays = timers.pendingDelays();
    assertEquals(1, delays.size(), "one wake-up: " + delays);
    // the bucket was spent when the first run started: the next token is due 1000 s later
    assertEquals(Duration.ofSeconds(1000).toNanos(), delays.get(0), 1_000,
        "woken when the token is due, 1000 s after the last start");
  }

  @Test
  void theWakeUpStartsTheWaitingRunOnceItsTokenIsDue() {
    ConnectorGate gate = gate(ConnectorLimits.rate(ONE_PER_1000_S, 1));
    List<RunTask> t = offer(gate, 2);
    clock.elapse(Duration.ofSeconds(1000));
    timers.fireAll();
    assertEquals(t, admitted);
  }

  @Test
  void aWakeUpBeforeTheTokenIsDueStartsNothingAndWaitsAgain() {
    ConnectorGate gate = gate(ConnectorLimits.rate(ONE_PER_1000_S, 1));
    List<RunTask> t = offer(gate, 2);
    clock.elapse(Duration.ofSeconds(500));
    timers.fireAll();
    assertEquals(t.subList(0, 1), admitted);
    List<Long> delays = timers.pendingDelays();
    assertEquals(1, delays.size(), "woken again: " + delays);
    assertEquals(Duration.ofSeconds(500).toNanos(), delays.get(0), 1_000, "for the rest of the wait");
  }

  @Test
  void aQuietSpellRefillsTheBucketUpToItsBurstNotBeyond() {
    ConnectorGate gate = gate(ConnectorLimits.rate(ONE_PER_1000_S, 2));
    offer(gate, 2);
    clock.elapse(Duration.ofHours(1)); // 3.6 tokens' worth
    RunTask a = task("a");
    RunTask b = task("b");
    RunTask c = task("c");
    List.of(a, b, c).forEach(gate::offer);
    assertEquals(List.of(a, b), admitted.subList(2, admitted.size()));
  }

  @Test
  void aConnectorAtItsConcurrencyLimitWaitsForARunToEndNotForATimer() {
    List<RunTask> t = offer(gate(new ConnectorLimits(1, ONE_PER_1000_S, 5)), 2);
    assertEquals(List.of(), timers.pendingDelays(), "no wake-up while the connector is full: a run's end pumps");
    end(t.get(0));
    assertEquals(t, admitted);
  }

  @Test
  void drainingHandsBackEveryWaitingRunInOrder() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    List<RunTask> t = offer(gate, 3);
    assertEquals(t.subList(1, 3), gate.drain());
  }

  @Test
  void drainedRunsAreHandedBackOnceAndNeverStartedLater() {
    ConnectorGate gate = gate(ConnectorLimits.concurrency(1));
    List<RunTask> t = offer(gate, 3);
    gate.drain();
    end(t.get(0));
    assertEquals(t.subList(0, 1), admitted);
    assertEquals(List.of(), gate.drain());
  }
}
