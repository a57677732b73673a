package io.edrplaybook.core.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A JumpBox's dispatch lane: at most {@code concurrency} runs at once, at most {@code capacity}
 * waiting; work beyond that is refused (and recorded as rejected by the caller), never dropped
 * silently. A thread that finishes a run takes the lane's next waiting run itself, as a serial
 * executor does, so a busy lane costs no thread hand-off per run. Thread-safe.
 */
public final class Lane {
  private final int concurrency;
  private final int capacity;
  private final Executor executor;
  private final Dispatcher reportTo;
  private final ArrayDeque<RunTask> queue = new ArrayDeque<>();
  private int active;

  /**
   * Creates a lane.
   *
   * @param concurrency runs at once
   * @param capacity runs waiting
   * @param executor runs the lane's workers
   */
  public Lane(int concurrency, int capacity, Executor executor) {
    this(concurrency, capacity, executor, null);
  }

  Lane(int concurrency, int capacity, Executor executor, Dispatcher reportTo) {
    this.concurrency = concurrency;
    this.capacity = capacity;
    this.executor = executor;
    this.reportTo = reportTo;
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
    startWorker(task);
    return true;
  }

  private void startWorker(RunTask first) {
    executor.execute(() -> {
      RunTask t = first;
      while (t != null) {
        t.run();
        // the slot is this worker's unless someone ended the run for it (a watchdog, close) and
        // gave the slot to another worker: then this thread was stuck, and now it just leaves
        if (t.keepSlot()) {
          t = next();
        } else {
          if (reportTo != null && t.wasAbandoned()) {
            reportTo.returned(t);
          }
          t = null;
        }
      }
    });
  }

  /** Takes the next waiting run for a worker that keeps its slot, or gives the slot back. */
  private synchronized RunTask next() {
    RunTask next = queue.pollFirst();
    if (next == null) {
      active--;
    }
    return next;
  }

  /** Frees the slot of a run ended by another thread than its worker's: the slot goes to a new worker. */
  public void release() {
    RunTask next;
    synchronized (this) {
      next = queue.pollFirst();
      if (next == null) {
        active--;
        return;
      }
    }
    startWorker(next);
  }

  /** Waits until {@code runner} warmed up, the first time (see {@link Dispatcher#awaitReady}). */
  void awaitReady(io.edrplaybook.spi.ScriptRunner runner) {
    if (reportTo != null) {
      reportTo.awaitReady(runner);
    }
  }

  /**
   * Whether a run gives its slot back as soon as its runner returned, before its terminal record is
   * written: with a journal whose writes wait for a commit, the lane's next run need not wait for it.
   */
  boolean freesSlotBeforeRecord() {
    return reportTo != null && reportTo.freesSlotsBeforeRecords();
  }

  /** Returns the runs holding one of the lane's slots now. */
  public synchronized int running() {
    return active;
  }

  /** Returns the runs waiting for a slot now. */
  public synchronized int queued() {
    return queue.size();
  }

  /** Removes and returns every waiting task. */
  public synchronized List<RunTask> drain() {
    List<RunTask> out = new ArrayList<>(queue);
    queue.clear();
    return out;
  }

}
