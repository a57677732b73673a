package io.edrplaybook.subprocess.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that looks at every live worker each tick and kills those past their deadline.
 * A call only writes its deadline into its worker: no task is scheduled, no thread woken per
 * call, which on a small machine would compete with the workers for CPU. A kill lands within one
 * tick of the deadline.
 */
final class Watchdog implements AutoCloseable {
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Set<Worker> watched = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;

  Watchdog() {
    thread = new Thread(this::loop, "edr-playbook-cpython-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  void watch(Worker w) {
    watched.add(w);
  }

  private void loop() {
    while (!closed) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      for (Worker w : watched) {
        try {
          if (!w.tick(now)) {
            watched.remove(w);
          }
        } catch (RuntimeException e) {
          // one worker's trouble must not stop the watch over the others
          watched.remove(w);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}
