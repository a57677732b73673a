package io.edrplaybook.core.internal.engine;

import static io.edrplaybook.core.internal.engine.TaskFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A run's one terminal record, whoever ends it; the slot and thread of a run ended for its worker. */
class RunTaskTest {
  private final TaskFixtures.Sink sink = new TaskFixtures.Sink();
  private final TaskFixtures.Threads threads = new TaskFixtures.Threads();

  private RunTask task(String id, ScriptRunner runner, Lane lane) {
    Invocation inv = TaskFixtures.invocation(id);
    return new RunTask(inv, TaskFixtures.target(TaskFixtures.action(RetryPolicy.NONE), runner),
        TaskFixtures.call(inv), SecretMasker.of(List.of()), lane, sink, Clock.systemUTC(), (t, r) -> { });
  }

  private RunTask unstartedTask(String id) {
    return task(id, TaskFixtures.runner(c -> ScriptOutcome.succeeded(Map.of(), "", false)),
        new Lane(1, 1, threads));
  }

  @Test
  void onlyTheFirstEndOfARunIsRecordedAndOnlyItSaysSo() {
    RunTask t = unstartedTask("run-1");
    InvocationResult first = InvocationResult.notRun(t.invocation(), InvocationStatus.REJECTED,
        java.time.Instant.now(), "lane full");
    assertTrue(t.finish(first));
    assertFalse(t.finish(InvocationResult.notRun(t.invocation(), InvocationStatus.FAILED, java.time.Instant.now(),
        "again")));
    assertFalse(t.finishUnstarted(InvocationStatus.CANCELLED, "closing"));
    assertFalse(t.cancel("closing"));
    assertEquals(List.of(first), sink.finished);
  }

  @Test
  void aRunEndedUnstartedSaysItRecordedTheEnd() {
    RunTask t = unstartedTask("run-1");
    assertTrue(t.finishUnstarted(InvocationStatus.REJECTED, "lane full"));
    assertFalse(t.finishUnstarted(InvocationStatus.REJECTED, "lane full"));
    assertEquals(1, sink.finished.size());
    assertEquals(InvocationStatus.REJECTED, sink.finished.get(0).status());
  }

  @Test
  void cancellingAnUnstartedRunRecordsItCancelledOnce() {
    RunTask t = unstartedTask("run-1");
    assertTrue(t.cancel("the engine closed"));
    assertFalse(t.cancel("the engine closed"));
    assertEquals(1, sink.finished.size());
    InvocationResult r = sink.finished.get(0);
    assertEquals(InvocationStatus.CANCELLED, r.status());
    assertEquals(Duration.ZERO, r.duration(), "a run that never started ran for no time");
  }

  @Test
  void aRunCancelledInItsRunnerIsRecordedOnceFreesItsSlotAndCountsItsThreadUntilItReturns() throws Exception {
    CountDownLatch inRunner = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScriptRunner stuck = TaskFixtures.runner(c -> {
      inRunner.countDown();
      await(release);
      return ScriptOutcome.succeeded(Map.of("message", "late"), "", false);
    });
    try (Dispatcher d = new Dispatcher(sink, 1, 1, Clock.systemUTC())) {
      Lane lane = new Lane(1, 1, threads, d);
      RunTask t = task("run-1", stuck, lane);
      t.onAbandoned(d::abandoned);
      assertTrue(lane.offer(t));
      await(inRunner);
      assertTrue(t.cancel("the engine closed while the run was in flight"));
      assertFalse(t.cancel("again"));
      assertEquals(0, lane.running(), "the slot of a run ended for its stuck worker goes back to the lane");
      assertEquals(1, d.stuckThreads(), "the worker still inside its runner is counted stuck");
      release.countDown();
      threads.join(0);
      assertEquals(0, d.stuckThreads(), "a stuck worker that came back is no longer counted");
      assertEquals(1, sink.finished.size(), "the runner's late answer is not recorded");
      InvocationResult r = sink.finished.get(0);
      assertEquals(InvocationStatus.CANCELLED, r.status());
      assertEquals("Cancelled", r.error().orElseThrow().type());
      d.close(Duration.ZERO);
    }
  }

  @Test
  void aRunsExpiryIsHandedOverOnce() {
    RunTask t = unstartedTask("run-1");
    assertTrue(t.markExpiring());
    assertFalse(t.markExpiring());
  }

  @Test
  void theLimitIsTheDeadlinePlusTheGracePlusHalfASecond() {
    assertEquals(Duration.ofMillis(1_600).toNanos(), RunTask.limitNanos(Duration.ofSeconds(1), Duration.ofMillis(100)));
    assertEquals(Duration.ofMillis(1_500).toNanos(), RunTask.limitNanos(Duration.ofSeconds(1), null));
  }

  @Test
  void aLimitTooLargeForNanosecondsSaturates() {
    assertEquals(Long.MAX_VALUE, RunTask.limitNanos(Duration.ofNanos(Long.MAX_VALUE - 10), Duration.ofSeconds(1)));
    assertEquals(Long.MAX_VALUE, RunTask.limitNanos(Duration.ofDays(365L * 1_000_000), Duration.ZERO));
  }
}
