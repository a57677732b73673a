package io.edrplaybook.subprocess.internal;

import io.edrplaybook.spi.RunnerUnavailableException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out workers. A worker serves one partition (an organization, or a connector) for its
 * whole life and never a run of another; at most {@code size} workers live at once, started when
 * needed (an idle worker of another partition is retired to make room), and a {@link FairGate}
 * shares them between connectors. Pooled: workers are kept and reused until they have served
 * {@code runsPerWorker} runs or a run left them altered or unhealthy. Isolated: every worker
 * serves one call and is killed. Thread-safe.
 */
final class WorkerPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
  private static final long START_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final WorkerFactory factory;
  private final int size;
  private final boolean reuse;
  private final int runsPerWorker;
  private final FairGate gate;
  private final Object lock = new Object();
  /** Idle workers per partition, warmest first. Guarded by lock. */
  private final Map<String, ArrayDeque<Worker>> idle = new HashMap<>();
  /** Background starts in flight per partition. Guarded by lock. */
  private final Map<String, Integer> starting = new HashMap<>();
  private int startingTotal;
  private final Set<Worker> live = ConcurrentHashMap.newKeySet();
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
  private final java.util.concurrent.atomic.AtomicLong retired = new java.util.concurrent.atomic.AtomicLong();
  private volatile String startFailure; // the last worker start's failure, until one succeeds
  private volatile boolean closed;

  WorkerPool(WorkerFactory factory, int size, int perConnector, boolean reuse, int runsPerWorker) {
    this.factory = factory;
    this.size = size;
    this.reuse = reuse;
    this.runsPerWorker = runsPerWorker;
    this.gate = new FairGate(size, perConnector);
  }

  /**
   * Takes a worker of {@code partition} for a run of {@code connector}, starting one if none is idle.
   *
   * @param deadline when to give up ({@link System#nanoTime})
   * @throws RunnerUnavailableException when none could be had by the deadline
   */
  Worker acquire(String partition, String connector, long deadline) {
    if (closed) {
      throw new RunnerUnavailableException("The cpython runner is closed.", null);
    }
    gate.acquire(connector, deadline);
    try {
      Worker w = reuse ? takeIdle(partition, deadline) : null;
      if (w == null) {
        makeRoom(partition);
        w = startWorker(partition, Math.min(deadline, System.nanoTime() + START_NANOS));
      }
      return w;
    } catch (InterruptedException e) {
      gate.release(connector);
      Thread.currentThread().interrupt();
      throw new RunnerUnavailableException("Interrupted while waiting for a Python worker.", e);
    } catch (IOException | RuntimeException e) {
      gate.release(connector);
      if (e instanceof RunnerUnavailableException r) {
        throw r;
      }
      throw new RunnerUnavailableException("Could not start a Python worker: " + e.getMessage(), e);
    }
  }

  /**
   * Takes an idle worker of the partition; when none is idle but one is starting in the
   * background for it, waits for it (until the deadline) rather than starting a second one.
   */
  private Worker takeIdle(String partition, long deadline) throws InterruptedException {
    synchronized (lock) {
      while (true) {
        ArrayDeque<Worker> q = idle.get(partition);
        for (Worker w; q != null && (w = q.pollFirst()) != null; ) {
          if (w.usable() && !w.replaced() && w.quiet()) {
            return w;
          }
          if (!w.replaced()) {
            retired.incrementAndGet(); // it died or was disturbed while idle
          }
          retire(w);
        }
        long left = deadline - System.nanoTime();
        if (starting.getOrDefault(partition, 0) == 0 || left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  /** At the limit of live workers: retires an idle one of another partition. */
  private void makeRoom(String partition) {
    synchronized (lock) {
      if (live.size() + startingTotal < size) {
        return;
      }
      for (Map.Entry<String, ArrayDeque<Worker>> e : idle.entrySet()) {
        if (!e.getKey().equals(partition) && !e.getValue().isEmpty()) {
          retire(e.getValue().pollLast());  // the coldest
          return;
        }
      }
    }
  }

  private Worker startWorker(String partition, long deadline) throws IOException {
    Worker w;
    try {
      w = factory.start(deadline);
    } catch (IOException | RuntimeException e) {
      startFailure = "a Python worker could not be started: " + e.getMessage();
      throw e;
    }
    startFailure = null;
    w.partition(partition);
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
   * @param connector the connector it was acquired for
   * @param healthy whether it may serve another call
   */
  void release(Worker w, String connector, boolean healthy) {
    try {
      if (!reuse || !healthy || closed || !w.usable() || w.replaced() || !w.clean()) {
        if (!closed && (!healthy || !w.usable() || reuse && !w.replaced() && !w.clean())) {
          retired.incrementAndGet(); // killed (a deadline), crashed, or left altered
        }
        retire(w);
        if (reuse && !w.replaced()) {
          replenish(w.partition());
        }
        return;
      }
      int runs = w.countRun();
      if (runs >= 2 * runsPerWorker) {  // the replacement is late: do not wait for it any longer
        if (!w.replaced()) {
          retired.incrementAndGet();
        }
        w.markReplaced();
        retire(w);
        return;
      }
      if (runs >= runsPerWorker) {
        replaceInBackground(w);
      }
      offer(w, true);
    } finally {
      gate.release(connector);
    }
  }

  private void offer(Worker w, boolean first) {
    synchronized (lock) {
      ArrayDeque<Worker> q = idle.computeIfAbsent(w.partition(), k -> new ArrayDeque<>());
      if (first) {
        q.offerFirst(w);  // LIFO: the warmest worker, whose caches are fullest, goes next
      } else {
        q.offerLast(w);
      }
      lock.notifyAll();
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
    retired.incrementAndGet(); // recycled after its runs
    try {
      starter.execute(() -> {
        try {
          if (!closed) {
            offer(startWorker(old.partition(), System.nanoTime() + START_NANOS), true);
          }
        } catch (IOException | RuntimeException e) {
          logStartFailure(e);
        } finally {
          old.markReplaced();
          boolean wasIdle;
          synchronized (lock) {
            ArrayDeque<Worker> q = idle.get(old.partition());
            wasIdle = q != null && q.remove(old);
          }
          if (wasIdle) {
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

  /** Starts a worker for {@code partition} in the background, when there is room. */
  private void replenish(String partition) {
    synchronized (lock) {
      if (closed || live.size() + startingTotal >= size) {
        return;
      }
      ArrayDeque<Worker> q = idle.get(partition);
      if ((q != null && !q.isEmpty()) || starting.getOrDefault(partition, 0) > 0) {
        return;
      }
      starting.merge(partition, 1, Integer::sum);
      startingTotal++;
    }
    try {
      starter.execute(() -> {
        try {
          if (!closed) {
            offer(startWorker(partition, System.nanoTime() + START_NANOS), false);
          }
        } catch (IOException | RuntimeException e) {
          logStartFailure(e);
        } finally {
          started(partition);
        }
      });
    } catch (RejectedExecutionException e) {
      started(partition);
    }
  }

  private void started(String partition) {
    synchronized (lock) {
      starting.merge(partition, -1, Integer::sum);
      starting.remove(partition, 0);
      startingTotal--;
      lock.notifyAll();
    }
  }

  /**
   * Live workers, workers replaced (killed at a deadline, crashed, died idle, left altered,
   * recycled after their runs; not those retired to make room for another partition's, nor an
   * isolated worker's normal end), and why none may start.
   */
  io.edrplaybook.spi.RunnerStats stats() {
    String failure = startFailure;
    java.util.Optional<String> problem = closed ? java.util.Optional.of("the cpython runner is closed")
        : failure != null ? java.util.Optional.of(failure) : java.util.Optional.empty();
    return new io.edrplaybook.spi.RunnerStats(live.size(), retired.get(), problem);
  }

  /** Live worker processes (for tests and logs). */
  int live() {
    return live.size();
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
    synchronized (lock) {
      idle.clear();
      lock.notifyAll();
    }
    try {
      // starts in flight end soon (the watchdog still bounds them) and kill what they started
      starter.awaitTermination(5, TimeUnit.SECONDS);
      janitor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
