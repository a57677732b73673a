package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hand-driven stand-ins for what a {@link ConnectorGate} works with: timers the test fires, an io
 * executor the test runs, cluster slots the test scripts, and run tasks the test ends.
 */
final class GateTestKit {
  private GateTestKit() {}

  /** A run task for {@code id}; nothing runs it: the test ends it with {@link #end(RunTask)}. */
  static RunTask task(String id) {
    Invocation inv = new Invocation(id, "ev-" + id, "acme", Classification.MALICIOUS, "IM Notification",
        "SOC Slack", "slack.py", "fake", "jb-1", false, 1);
    RunTask.Sink sink = new RunTask.Sink() {
      @Override
      public void started(InvocationStarted started) {}

      @Override
      public void finished(RunTask task, InvocationResult result) {}
    };
    return new RunTask(inv, null, null, null, null, sink, Clock.systemUTC(), (t, r) -> {});
  }

  /** Ends {@code task} (as its runner's return or the engine's cancel would). */
  static void end(RunTask task) {
    task.finishUnstarted(InvocationStatus.CANCELLED, "ended by the test");
  }

  /**
   * Lets {@code d} pass for the gate's token bucket. The gate reads {@code System.nanoTime()}; the
   * test moves the bucket's last refill back instead of waiting.
   */
  static void elapse(ConnectorGate gate, Duration d) {
    try {
      Field f = ConnectorGate.class.getDeclaredField("refilledAt");
      f.setAccessible(true);
      synchronized (gate) {
        f.setLong(gate, f.getLong(gate) - d.toNanos());
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the gate's bucket has no refilledAt field any more: " + e, e);
    }
  }

  /** A scheduler whose timers fire only when the test says so. */
  static final class Timers extends AbstractExecutorService implements ScheduledExecutorService {
    record Timer(Runnable work, long delayNanos) implements ScheduledFuture<Object> {
      @Override
      public long getDelay(TimeUnit unit) {
        return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public int compareTo(Delayed o) {
        return Long.compare(delayNanos, o.getDelay(TimeUnit.NANOSECONDS));
      }

      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
      }

      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public boolean isDone() {
        return false;
      }

      @Override
      public Object get() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Object get(long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException();
      }
    }

    private final List<Timer> pending = new ArrayList<>();

    /** The delays of the timers set and not yet fired, in nanoseconds, in the order they were set. */
    synchronized List<Long> pendingDelays() {
      return pending.stream().map(Timer::delayNanos).toList();
    }

    /** Fires the timers set so far (not those they set), in the order they were set. */
    void fireAll() {
      List<Timer> due;
      synchronized (this) {
        due = new ArrayList<>(pending);
        pending.clear();
      }
      due.forEach(t -> t.work().run());
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      Timer t = new Timer(command, unit.toNanos(delay));
      pending.add(t);
      return t;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
        TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
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
