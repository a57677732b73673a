package io.edrplaybook.jython.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's slots: idle ones wait in a deque (the most recently used is taken first, its
 * caches warm); a retired slot is replaced in the background so the caller never waits for it.
 * A replacement that fails is owed, not forgotten: it is tried again after a back-off (1 s,
 * doubling up to 30 s) and at once when a caller finds no idle slot, so a passing failure never
 * shrinks the pool for good.
 */
final class SlotPool {
  private static final Logger log = LoggerFactory.getLogger(SlotPool.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long FIRST_RETRY_MILLIS = 1000;
  private static final long MAX_RETRY_MILLIS = 30_000;

  private volatile Supplier<Slot> factory; // set once by startAll
  private final java.util.concurrent.atomic.AtomicInteger starting = new java.util.concurrent.atomic.AtomicInteger();
  private final long graceMillis;
  private final boolean isolateThreads;
  private final LinkedBlockingDeque<Slot> idle = new LinkedBlockingDeque<>();
  private final List<Slot> live = new CopyOnWriteArrayList<>();
  private final List<Thread> abandoned = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService replacer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "edr-jython-slot-replacer");
    t.setDaemon(true);
    return t;
  });
  private int owed; // guarded by this
  private boolean replacing; // guarded by this: a replacement task is queued or running
  private ScheduledFuture<?> retry; // guarded by this: a replacement waiting out its back-off
  private long backOffMillis = FIRST_RETRY_MILLIS; // guarded by this
  private final java.util.concurrent.atomic.AtomicLong retired = new java.util.concurrent.atomic.AtomicLong();
  private volatile String replacementFailure; // the last replacement's failure, until one succeeds
  private volatile boolean closed;

  /** Starts {@code size} slots with {@code factory} and lets callers have them, waiting until they are ready. */
  SlotPool(int size, Supplier<Slot> factory, long graceMillis, boolean isolateThreads) {
    this(graceMillis, isolateThreads);
    open(startAll(size, factory));
  }

  /** A pool with no slot yet: {@link #startAll} starts them, {@link #open} lets callers have them. */
  SlotPool(long graceMillis, boolean isolateThreads) {
    this.graceMillis = graceMillis;
    this.isolateThreads = isolateThreads;
  }

  /**
   * Starts {@code size} slots with {@code factory}, which starts one (it sets itself up on its own
   * thread, so they set up in parallel) or throws; waits until they are ready and puts them in
   * service, not yet in reach of callers. A slot that fails to start is owed, and replaced after a
   * back-off, as a retired one is.
   *
   * @return the slots started
   * @throws RuntimeException the first failure, when no slot could be started
   */
  List<Slot> startAll(int size, Supplier<Slot> factory) {
    this.factory = factory;
    starting.set(size);
    try {
      return startAllNow(size, factory);
    } finally {
      starting.set(0);
    }
  }

  private List<Slot> startAllNow(int size, Supplier<Slot> factory) {
    List<Slot> started = new ArrayList<>();
    RuntimeException failure = null;
    int failed = 0;
    for (int i = 0; i < size; i++) {
      try {
        started.add(factory.get());
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
        failed++;
      }
    }
    List<Slot> ready = new ArrayList<>();
    for (Slot slot : started) {
      try {
        ready.add(slot.awaitReady());
      } catch (RuntimeException e) {
        slot.retire();
        failure = failure == null ? e : failure;
        failed++;
      }
    }
    if (closed) {
      ready.forEach(Slot::retire);
      throw new IllegalStateException("the Jython runner was closed while its slots started");
    }
    live.addAll(ready);
    log.debug("Jython runner started {} slots", ready.size());
    if (failed > 0) {
      replacementFailure = "a Jython slot could not be started: " + failure;
      synchronized (this) {
        owed += failed;
      }
      if (ready.isEmpty()) {
        scheduleReplacement(FIRST_RETRY_MILLIS);
        throw failure;
      }
      scheduleReplacement(0);
    }
    return ready;
  }

  /** Counts {@code n} slots as starting (reported as workers) until {@link #startAll} has them up. */
  void expect(int n) {
    starting.set(n);
  }

  /** Lets callers have {@code slots} (started by {@link #startAll}). */
  void open(List<Slot> slots) {
    for (Slot slot : slots) {
      if (!slot.isRetired()) {
        release(slot);
      }
    }
  }

  /** Returns the slots in service (not retired), to look for calls past their deadline. */
  List<Slot> live() {
    return live;
  }

  /** Returns an idle slot, waiting up to {@code nanos}; null if none came free or closed. */
  Slot acquire(long nanos) throws InterruptedException {
    long end = System.nanoTime() + nanos;
    while (!closed) {
      Slot slot = idle.pollFirst();
      if (slot != null) {
        return slot;
      }
      replaceOwedNow();
      long left = end - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      slot = idle.pollFirst(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
      if (slot != null) {
        if (closed) {
          slot.retire();
          return null;
        }
        return slot;
      }
    }
    return null;
  }

  /** Puts a slot back after a job that ended. */
  void release(Slot slot) {
    if (closed) {
      slot.retire();
    } else {
      idle.offerFirst(slot);
    }
  }

  /** Retires the slot of {@code job}, whose script did not stop within the grace. */
  void retireStuck(Slot slot, Job job) {
    retire(slot, "the script in " + job.script.source().file() + " (call " + job.invocationId
        + ") did not stop within " + graceMillis + " ms of its deadline");
  }

  /** Abandons a slot whose script would not stop, and starts a replacement in the background. */
  void retire(Slot slot, String why) {
    if (!live.remove(slot)) {
      return; // retired already
    }
    retired.incrementAndGet();
    Thread left = slot.abandon();
    if (left != null) {
      abandoned.add(left);
    }
    abandoned.removeIf(t -> !t.isAlive());
    log.warn("Retired Jython slot {}: {}; {}; a new slot replaces it ({} abandoned slot threads"
        + " still running)", slot, why, left != null ? "its thread is abandoned"
        : isolateThreads ? "it had no job running"
        : "the calling thread stays with the script until it returns", abandoned.size());
    if (closed) {
      return;
    }
    synchronized (this) {
      owed++;
    }
    scheduleReplacement(0);
  }

  /** Returns how many slots are owed: retired and not (yet) replaced. */
  synchronized int owed() {
    return owed;
  }

  /** Returns the abandoned slot threads that still run a script. */
  List<Thread> abandonedThreads() {
    abandoned.removeIf(t -> !t.isAlive());
    return List.copyOf(abandoned);
  }

  /** Starts owed replacements now rather than after their back-off. */
  private void replaceOwedNow() {
    synchronized (this) {
      if (owed == 0 || replacing && retry == null) {
        return; // nothing owed, or a replacement is being made right now
      }
      if (retry != null) {
        retry.cancel(false);
        retry = null;
        replacing = false;
      }
    }
    scheduleReplacement(0);
  }

  private void scheduleReplacement(long delayMillis) {
    synchronized (this) {
      if (replacing || closed) {
        return;
      }
      replacing = true;
      try {
        ScheduledFuture<?> f = replacer.schedule(this::replaceOwed, delayMillis, TimeUnit.MILLISECONDS);
        retry = delayMillis > 0 ? f : null;
      } catch (java.util.concurrent.RejectedExecutionException shutDown) {
        replacing = false;
      }
    }
  }

  /** Makes owed slots until none is owed or one fails; then retries after the back-off. */
  private void replaceOwed() {
    synchronized (this) {
      retry = null;
    }
    while (!closed) {
      synchronized (this) {
        if (owed == 0) {
          replacing = false;
          backOffMillis = FIRST_RETRY_MILLIS;
          return;
        }
      }
      Slot fresh;
      try {
        fresh = factory.get().awaitReady();
      } catch (RuntimeException e) {
        long delay;
        synchronized (this) {
          delay = backOffMillis;
          backOffMillis = Math.min(MAX_RETRY_MILLIS, backOffMillis * 2);
          replacing = false;
        }
        replacementFailure = "a retired Jython slot could not be replaced: " + e;
        log.error("Could not replace a retired Jython slot; trying again in {} ms or when a call"
            + " finds no idle slot", delay, e);
        scheduleReplacement(delay);
        return;
      }
      synchronized (this) {
        owed--;
      }
      replacementFailure = null;
      live.add(fresh);
      release(fresh);
      if (closed) {
        live.remove(fresh);
      }
    }
    synchronized (this) {
      replacing = false;
    }
  }

  /** Returns what the runner reports of its slots: in service or starting, retired, and why none may come. */
  io.edrplaybook.spi.RunnerStats stats() {
    String failure = replacementFailure;
    java.util.Optional<String> problem = closed ? java.util.Optional.of("the Jython runner is closed")
        : live.isEmpty() && failure != null ? java.util.Optional.of("no slot in service: " + failure)
        : java.util.Optional.empty();
    // a slot setting up in the background counts: its thread is alive and it serves once ready
    return new io.edrplaybook.spi.RunnerStats(live.size() + starting.get(), retired.get(), problem);
  }

  /** Returns whether the pool was closed. */
  boolean isClosed() {
    return closed;
  }

  /** Stops every job in flight and retires every slot. */
  void close() {
    closed = true;
    replacer.shutdownNow();
    for (Slot slot : live) {
      slot.retire();
    }
    live.clear();
    idle.clear();
  }
}
