package io.edrplaybook.subprocess.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that looks at every live worker each tick and kills those past their deadline.
 * A call only writes its deadline into its worker: no task is scheduled, no thread woken per
 * call, which on a small machine would compete with the workers for CPU. A kill lands within one
 * tick of the deadline.
 *
 * <p>A worker whose check throws is killed (in doubt, its deadline cannot be trusted to be
 * enforced) and stays watched until it is gone; the others are watched as before.
 */
final class Watchdog implements AutoCloseable {
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  /** What the watchdog watches. */
  interface Watched {
    /** Checks the deadline at {@code now}; returns whether to keep watching. */
    boolean tick(long now);

    /** Kills the process; idempotent. */
    void kill();

    /** Whether it was killed (then a throwing check stops being watched). */
    boolean killed();
  }

  private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
  /** Those whose check failed (logged once each). Used by the watchdog thread only. */
  private final Set<Watched> doubted = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;

  Watchdog() {
    thread = new Thread(this::loop, "edr-playbook-cpython-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  void watch(Watched w) {
    watched.add(w);
  }

  private void loop() {
    while (!closed) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      for (Watched w : watched) {
        try {
          if (!w.tick(now)) {
            watched.remove(w);
            doubted.remove(w);
          }
        } catch (RuntimeException | Error e) {
          doubt(w, e);
        }
      }
    }
  }

  private void doubt(Watched w, Throwable e) {
    try {
      if (w.killed()) {
        watched.remove(w);
        doubted.remove(w);
        return;
      }
      if (doubted.add(w)) {
        LOG.warn("The check of {} failed ({}); it is killed, as its deadline may not be enforced",
            w, e.toString());
      }
      w.kill();
    } catch (RuntimeException | Error again) {
      if (doubted.add(w)) {
        LOG.warn("Could not kill {} after its check failed: {}", w, again.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}
