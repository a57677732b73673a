package io.edrplaybook.core.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A JumpBox's dispatch lane: at most {@code concurrency} runs at once, at most {@code capacity}
 * waiting; work beyond that is refused (and recorded as rejected by the caller), never dropped
 * silently. Thread-safe.
 */
public final class Lane {
  private final String name;
  private final int concurrency;
  private final int capacity;
  private final Executor executor;
  private final ArrayDeque<RunTask> queue = new ArrayDeque<>();
  private int active;

  /**
   * Creates a lane.
   *
   * @param name the JumpBox's name
   * @param concurrency runs at once
   * @param capacity runs waiting
   * @param executor runs the tasks
   */
  public Lane(String name, int concurrency, int capacity, Executor executor) {
    this.name = name;
    this.concurrency = concurrency;
    this.capacity = capacity;
    this.executor = executor;
  }

  /** Returns the JumpBox's name. */
  public String name() {
    return name;
  }

  /** Starts {@code task} now or queues it; returns false when the queue is full. */
  public boolean offer(RunTask task) {
    synchronized (this) {
      if (active >= concurrency) {
        if (queue.size() >= capacity) {
          return false;
        }
        queue.addLast(task);
        return true;
      }
      active++;
    }
    executor.execute(task);
    return true;
  }

  /** Frees the slot of a task that ended, starting the next waiting one. */
  public void release() {
    RunTask next;
    synchronized (this) {
      next = queue.pollFirst();
      if (next == null) {
        active--;
        return;
      }
    }
    executor.execute(next);
  }

  /** Removes and returns every waiting task. */
  public synchronized List<RunTask> drain() {
    List<RunTask> out = new ArrayList<>(queue);
    queue.clear();
    return out;
  }

  /** Returns how many runs wait. */
  public synchronized int queued() {
    return queue.size();
  }
}
