package io.edrplaybook.subprocess.internal;

import io.edrplaybook.spi.RunnerUnavailableException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out workers, at most {@code size} at a time. Pooled: workers are kept and reused until
 * they have served {@code runsPerWorker} runs or are no longer healthy, and a retired worker is
 * replaced in the background. Isolated: every worker serves one call and is killed.
 * Thread-safe.
 */
final class WorkerPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
  private static final long START_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final WorkerFactory factory;
  private final int size;
  private final boolean reuse;
  private final int runsPerWorker;
  private final Semaphore slots;
  private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
  private final Set<Worker> live = ConcurrentHashMap.newKeySet();
  private final AtomicInteger starting = new AtomicInteger();
  private final Object startLock = new Object();
  /** Kills retired workers, off the callers' path. */
  private final ExecutorService janitor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "edr-playbook-cpython-janitor");
    t.setDaemon(true);
    return t;
  });
  /** Starts workers in the background, each at once (never queued behind kills or other starts). */
  private final ExecutorService starter = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "edr-playbook-cpython-starter");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  WorkerPool(WorkerFactory factory, int size, boolean reuse, int runsPerWorker) {
    this.factory = factory;
    this.size = size;
    this.reuse = reuse;
    this.runsPerWorker = runsPerWorker;
    this.slots = new Semaphore(size, true);
  }

  /** Starts the pooled workers in the background, so the first calls find them warm. */
  void prestart() {
    if (reuse) {
      for (int i = 0; i < size; i++) {
        replenish();
      }
    }
  }

  /**
   * Takes a worker, starting one if none is idle.
   *
   * @param deadline when to give up ({@link System#nanoTime})
   * @throws RunnerUnavailableException when none could be had by the deadline
   */
  Worker acquire(long deadline) {
    if (closed) {
      throw new RunnerUnavailableException("The cpython runner is closed.", null);
    }
    try {
      if (!slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw new RunnerUnavailableException("All " + size + " Python workers stayed busy until"
            + " the call's deadline; the script did not run.", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerUnavailableException("Interrupted while waiting for a Python worker.", e);
    }
    try {
      Worker w = takeIdle(deadline);
      return w != null ? w : startWorker(Math.min(deadline, System.nanoTime() + START_NANOS));
    } catch (InterruptedException e) {
      slots.release();
      Thread.currentThread().interrupt();
      throw new RunnerUnavailableException("Interrupted while waiting for a Python worker.", e);
    } catch (IOException | RuntimeException e) {
      slots.release();
      if (e instanceof RunnerUnavailableException r) {
        throw r;
      }
      throw new RunnerUnavailableException("Could not start a Python worker: " + e.getMessage(), e);
    }
  }

  /**
   * Takes an idle worker; when none is idle but one is starting in the background, waits for it
   * (until the deadline) rather than starting a second one.
   */
  private Worker takeIdle(long deadline) throws InterruptedException {
    while (true) {
      for (Worker w; (w = idle.pollFirst()) != null; ) {
        if (w.usable() && !w.replaced()) {
          return w;
        }
        retire(w);
      }
      long left = deadline - System.nanoTime();
      if (starting.get() == 0 || left <= 0) {
        return null;
      }
      synchronized (startLock) {
        if (idle.isEmpty() && starting.get() > 0) {
          TimeUnit.NANOSECONDS.timedWait(startLock, left);
        }
      }
    }
  }

  private void started() {
    synchronized (startLock) {
      startLock.notifyAll();
    }
  }

  private Worker startWorker(long deadline) throws IOException {
    Worker w = factory.start(deadline);
    live.add(w);
    if (closed) {
      live.remove(w);
      w.kill();
      throw new RunnerUnavailableException("The cpython runner is closed.", null);
    }
    return w;
  }

  /**
   * Gives a worker back.
   *
   * @param healthy whether it may serve another call
   */
  void release(Worker w, boolean healthy) {
    try {
      if (!reuse || !healthy || closed || !w.usable() || w.replaced()) {
        retire(w);
        if (reuse && !w.replaced()) {
          replenish();
        }
        return;
      }
      int runs = w.countRun();
      if (runs >= 2 * runsPerWorker) {  // the replacement is late: do not wait for it any longer
        w.markReplaced();
        retire(w);
        return;
      }
      if (runs >= runsPerWorker) {
        replaceInBackground(w);
      }
      idle.offerFirst(w);  // LIFO: the warmest worker, whose caches are fullest, goes next
    } finally {
      slots.release();
    }
  }

  /**
   * A worker served its runs: it keeps serving until its replacement is ready, so callers never
   * wait for a recycle.
   */
  private void replaceInBackground(Worker old) {
    if (!old.markRetiring()) {
      return;
    }
    try {
      starter.execute(() -> {
        try {
          if (!closed) {
            idle.offerFirst(startWorker(System.nanoTime() + START_NANOS));
          }
        } catch (IOException | RuntimeException e) {
          logStartFailure(e);
        } finally {
          old.markReplaced();
          if (idle.remove(old)) {
            retire(old);
          }  // else it is busy: its release retires it
        }
      });
    } catch (RejectedExecutionException e) {
      old.markReplaced();
    }
  }

  private void retire(Worker w) {
    live.remove(w);
    try {
      janitor.execute(w::kill);
    } catch (RejectedExecutionException e) {
      w.kill();
    }
  }

  private void replenish() {
    if (closed || live.size() + starting.get() >= size) {
      return;
    }
    starting.incrementAndGet();
    try {
      starter.execute(() -> {
        try {
          if (!closed && live.size() < size) {
            Worker w = startWorker(System.nanoTime() + START_NANOS);
            idle.offerLast(w);
          }
        } catch (IOException | RuntimeException e) {
          logStartFailure(e);
        } finally {
          starting.decrementAndGet();
          started();
        }
      });
    } catch (RejectedExecutionException e) {
      starting.decrementAndGet();
    }
  }

  private void logStartFailure(Exception e) {
    if (closed) {
      LOG.debug("A background worker start ended because the runner closed: {}", e.getMessage());
    } else {
      LOG.warn("Could not start a Python worker in the background: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    closed = true;
    starter.shutdown();
    janitor.shutdown();
    for (Worker w : live) {
      w.close();
    }
    live.clear();
    idle.clear();
    try {
      // starts in flight end soon (the watchdog still bounds them) and kill what they started
      starter.awaitTermination(5, TimeUnit.SECONDS);
      janitor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
