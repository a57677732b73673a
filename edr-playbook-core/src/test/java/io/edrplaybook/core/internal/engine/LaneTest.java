package io.edrplaybook.core.internal.engine;

import static io.edrplaybook.core.internal.engine.TaskFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A JumpBox's lane: its slots, its waiting room, and what it gives back when drained. */
class LaneTest {
  private final TaskFixtures.Sink sink = new TaskFixtures.Sink();
  private final TaskFixtures.Threads threads = new TaskFixtures.Threads();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstRunning = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  /** Holds the first run in its runner until {@link #release} opens; the others return at once. */
  private final ScriptRunner runner = TaskFixtures.runner(call -> {
    ran.add(call.invocationId());
    if (call.invocationId().equals("run-1")) {
      firstRunning.countDown();
      await(release);
    }
    return ScriptOutcome.succeeded(Map.of(), "", false);
  });

  private RunTask task(String id, Lane lane) {
    Invocation inv = TaskFixtures.invocation(id);
    return new RunTask(inv, TaskFixtures.target(TaskFixtures.action(RetryPolicy.NONE), runner),
        TaskFixtures.call(inv), SecretMasker.of(List.of()), lane, sink, Clock.systemUTC(), (t, r) -> { });
  }

  @Test
  void aDrainedLaneRunsNoneOfTheRunsItGaveBack() throws InterruptedException {
    Lane lane = new Lane(1, 10, threads);
    RunTask first = task("run-1", lane);
    RunTask second = task("run-2", lane);
    RunTask third = task("run-3", lane);
    assertTrue(lane.offer(first));
    await(firstRunning);
    assertTrue(lane.offer(second));
    assertTrue(lane.offer(third));

    assertEquals(List.of(second, third), lane.drain());
    assertEquals(0, lane.queued());
    release.countDown();
    threads.joinAll();

    assertEquals(List.of("run-1"), ran, "the worker that finished the first run took no drained one");
    assertEquals(0, lane.running(), "its slot went back");
  }

  @Test
  void aWorkerTakesTheWaitingRunsInOrderOnItsOwnThread() throws InterruptedException {
    Lane lane = new Lane(1, 10, threads);
    assertTrue(lane.offer(task("run-1", lane)));
    await(firstRunning);
    assertTrue(lane.offer(task("run-2", lane)));
    assertTrue(lane.offer(task("run-3", lane)));
    assertEquals(1, lane.running());
    assertEquals(2, lane.queued());

    release.countDown();
    threads.joinAll();

    assertEquals(List.of("run-1", "run-2", "run-3"), ran);
    assertEquals(1, threads.started.size(), "one worker ran them all: no hand-off per run");
    assertEquals(0, lane.running());
  }

  @Test
  void aFullWaitingRoomRefusesTheNextRunAndKeepsThoseItHolds() throws InterruptedException {
    Lane lane = new Lane(1, 1, threads);
    assertTrue(lane.offer(task("run-1", lane)));
    await(firstRunning);
    assertTrue(lane.offer(task("run-2", lane)));
    assertFalse(lane.offer(task("run-3", lane)), "one running and one waiting: the lane is full");

    release.countDown();
    threads.joinAll();

    assertEquals(List.of("run-1", "run-2"), ran);
  }
}
