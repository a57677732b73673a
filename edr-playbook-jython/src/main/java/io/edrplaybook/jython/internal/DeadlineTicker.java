package io.edrplaybook.jython.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per runner that enforces the deadlines of calls running on their callers'
 * threads, so a call schedules nothing: every {@link #TICK_NANOS} it looks at each slot's running
 * job and tells one past its deadline to stop (the tracer raises, the thread is interrupted; again
 * each tick, as a script can swallow one), stops one whose calling thread was interrupted, and
 * retires the slot of one still running at deadline + grace (a new slot replaces it). After a
 * second without calls it parks until the next call wakes it.
 */
final class DeadlineTicker {
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final int IDLE_TICKS = 200;

  private final SlotPool pool;
  private final long graceNanos;
  private final Thread thread;
  private volatile boolean active;
  private volatile boolean sleeping;
  private volatile boolean closed;

  DeadlineTicker(SlotPool pool, Duration grace) {
    this.pool = pool;
    this.graceNanos = grace.toNanos();
    this.thread = new Thread(this::loop, "edr-jython-deadlines");
    thread.setDaemon(true);
    thread.start();
  }

  /** Called before each call: keeps the ticker awake, waking it if it sleeps. */
  void callStarting() {
    if (!active) {
      active = true;
      if (sleeping) {
        sleeping = false;
        LockSupport.unpark(thread);
      }
    }
  }

  /** Ends the ticker's thread. */
  void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private void loop() {
    int quiet = 0;
    while (!closed) {
      LockSupport.parkNanos(this, TICK_NANOS);
      boolean busy = sweep(System.nanoTime());
      if (active || busy) {
        active = false;
        quiet = 0;
      } else if (++quiet >= IDLE_TICKS) {
        sleeping = true;
        // a call that set active before it read sleeping is seen here; a later one unparks us
        if (!active && !sweep(System.nanoTime())) {
          while (sleeping && !closed) {
            LockSupport.park(this);
          }
        }
        sleeping = false;
        quiet = 0;
      }
    }
  }

  /** Looks at every running job; returns whether any was running. */
  private boolean sweep(long now) {
    boolean busy = false;
    for (Slot slot : pool.live()) {
      Job job = slot.current();
      if (job == null) {
        continue;
      }
      busy = true;
      long late = now - job.deadline;
      if (late > graceNanos) {
        if (slot.abandonIfRunning(job)) {
          pool.retireStuck(slot, job);
        }
      } else if (late >= 0) {
        slot.stop(job, Job.Stop.DEADLINE);
      } else if (job.stopped == null && job.thread.isInterrupted()) {
        slot.stop(job, Job.Stop.INTERRUPTED);
      }
    }
    return busy;
  }
}
