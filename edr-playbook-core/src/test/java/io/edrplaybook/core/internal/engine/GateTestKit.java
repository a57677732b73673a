package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hand-driven stand-ins for what a {@link ConnectorGate} works with (with {@link HandFiredTimers}):
 * an io executor the test runs, cluster slots the test scripts, run tasks the test ends, and the
 * time the bucket reads, which the test moves.
 */
final class GateTestKit {
  private GateTestKit() {}

  /** A run task for {@code id}; nothing runs it: the test ends it with {@link #end(RunTask)}. */
  static RunTask task(String id) {
    return task(id, new TaskFixtures.Sink());
  }

  /** A run task for {@code id} whose end {@code sink} records. */
  static RunTask task(String id, TaskFixtures.Sink sink) {
    return new RunTask(TaskFixtures.invocation(id), null, null, null, null, sink, Clock.systemUTC(), (t, r) -> {});
  }

  /** Ends {@code task} (as its runner's return or the engine's cancel would). */
  static void end(RunTask task) {
    task.finishUnstarted(InvocationStatus.CANCELLED, "ended by the test");
  }

  /** The time a gate's token bucket reads: it moves only when the test lets time pass. */
  static final class Nanos implements LongSupplier {
    private long now = 1_000_000_000L;

    @Override
    public synchronized long getAsLong() {
      return now;
    }

    /** Lets {@code d} pass. */
    synchronized void elapse(Duration d) {
      now += d.toNanos();
    }
  }

  /** An io executor whose jobs run only when the test says so; or one that refuses every job. */
  static final class Jobs implements Executor {
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private final boolean refusing;

    Jobs(boolean refusing) {
      this.refusing = refusing;
    }

    @Override
    public synchronized void execute(Runnable command) {
      if (refusing) {
        throw new RejectedExecutionException("the engine is stopping");
      }
      queued.add(command);
    }

    synchronized int queued() {
      return queued.size();
    }

    /** Runs the queued jobs and those they queue, at most 100 (a gate that loops fails, not hangs). */
    void runAll() {
      for (int n = 0; n < 100; n++) {
        Runnable next;
        synchronized (this) {
          next = queued.poll();
        }
        if (next == null) {
          return;
        }
        next.run();
      }
      throw new AssertionError("the gate kept queueing io work");
    }
  }

  /** Cluster slots held by id: at most the connector's maxConcurrent; scripted refusals and failures. */
  static final class Slots implements ConnectorSlots {
    final Set<String> held = new HashSet<>();
    int asks;
    int refuseNext;
    int failNext;
    /** Runs during the next ask, before its answer (another thread ending the run meanwhile). */
    Consumer<Invocation> duringNextAsk;

    @Override
    public synchronized boolean acquire(Invocation invocation, int maxConcurrent) {
      asks++;
      if (duringNextAsk != null) {
        Consumer<Invocation> c = duringNextAsk;
        duringNextAsk = null;
        c.accept(invocation);
      }
      if (failNext > 0) {
        failNext--;
        throw new IllegalStateException("test journal: the database is away");
      }
      if (refuseNext > 0) {
        refuseNext--;
        return false;
      }
      if (held.size() >= maxConcurrent) {
        return false;
      }
      held.add(invocation.id());
      return true;
    }

    @Override
    public synchronized void release(Invocation invocation) {
      held.remove(invocation.id());
    }
  }
}
