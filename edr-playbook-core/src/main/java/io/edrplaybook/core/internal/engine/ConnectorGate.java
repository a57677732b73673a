package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ConnectorLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A connector's limits in front of its JumpBox lane: at most {@code maxConcurrent} runs at once
 * and a token bucket of {@code ratePerSecond}; work over a limit waits here (bounded), and is
 * handed to the lane when the connector has room. Thread-safe.
 */
public final class ConnectorGate {
  private final ConnectorLimits limits;
  private final int capacity;
  private final ScheduledExecutorService scheduler;
  private final Consumer<RunTask> admit;
  private final ArrayDeque<RunTask> waiting = new ArrayDeque<>();
  private int active;
  private double tokens;
  private long refilledAt = System.nanoTime();
  private boolean wakeUpScheduled;

  /**
   * Creates a gate.
   *
   * @param limits the connector's limits
   * @param capacity how many runs may wait
   * @param scheduler wakes the gate when the next token is due
   * @param admit hands an admitted task on to its lane
   */
  public ConnectorGate(ConnectorLimits limits, int capacity, ScheduledExecutorService scheduler,
      Consumer<RunTask> admit) {
    this.limits = limits;
    this.capacity = capacity;
    this.scheduler = scheduler;
    this.admit = admit;
    this.tokens = Math.max(1, limits.burst());
  }

  /** Admits {@code task} now or lets it wait; false when the waiting room is full. */
  public boolean offer(RunTask task) {
    synchronized (this) {
      if (!waiting.isEmpty() || !room()) {
        if (waiting.size() >= capacity) {
          return false;
        }
        waiting.addLast(task);
        scheduleWakeUpIfRateLimited();
        return true;
      }
      take();
      task.onEnd(this::release);
    }
    admit.accept(task);
    return true;
  }

  /** A task admitted by this gate ended: let the next ones in. */
  public void release() {
    synchronized (this) {
      active--;
    }
    pump();
  }

  /** Removes and returns every waiting task. */
  public synchronized List<RunTask> drain() {
    List<RunTask> out = new ArrayList<>(waiting);
    waiting.clear();
    return out;
  }

  private void pump() {
    List<RunTask> admitted = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty() && room()) {
        take();
        RunTask next = waiting.pollFirst();
        next.onEnd(this::release);
        admitted.add(next);
      }
      if (!waiting.isEmpty()) {
        scheduleWakeUpIfRateLimited();
      }
    }
    admitted.forEach(admit);
  }

  private boolean room() {
    if (limits.maxConcurrent() > 0 && active >= limits.maxConcurrent()) {
      return false;
    }
    if (limits.ratePerSecond() > 0) {
      refill();
      return tokens >= 1;
    }
    return true;
  }

  private void take() {
    active++;
    if (limits.ratePerSecond() > 0) {
      tokens -= 1;
    }
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(limits.burst(), tokens + (now - refilledAt) / 1e9 * limits.ratePerSecond());
    refilledAt = now;
  }

  private void scheduleWakeUpIfRateLimited() {
    if (limits.ratePerSecond() <= 0 || wakeUpScheduled) {
      return;
    }
    if (limits.maxConcurrent() > 0 && active >= limits.maxConcurrent()) {
      return; // a release will pump
    }
    refill();
    long waitNanos = (long) Math.ceil(Math.max(0, 1 - tokens) / limits.ratePerSecond() * 1e9);
    wakeUpScheduled = true;
    scheduler.schedule(() -> {
      synchronized (this) {
        wakeUpScheduled = false;
      }
      pump();
    }, Math.max(waitNanos, 1), TimeUnit.NANOSECONDS);
  }
}
