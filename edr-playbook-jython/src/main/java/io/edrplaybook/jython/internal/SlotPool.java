package io.edrplaybook.jython.internal;

import io.edrplaybook.jython.JythonSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's slots: idle ones wait in a deque (the most recently used is taken first, its
 * caches warm); a retired slot is replaced in the background so the caller never waits for it.
 */
final class SlotPool {
  private static final Logger log = LoggerFactory.getLogger(SlotPool.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final JythonSettings settings;
  private final JythonCompiledScript warmUpScript;
  private final LinkedBlockingDeque<Slot> idle = new LinkedBlockingDeque<>();
  private final List<Slot> live = new CopyOnWriteArrayList<>();
  private final ExecutorService replacer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "edr-jython-slot-replacer");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  SlotPool(JythonSettings settings, JythonCompiledScript warmUpScript) {
    this.settings = settings;
    this.warmUpScript = warmUpScript;
    List<Slot> started = new ArrayList<>();
    for (int i = 0; i < settings.poolSize(); i++) {
      started.add(Slot.start(settings, warmUpScript)); // set up in parallel, one thread each
    }
    try {
      for (Slot slot : started) {
        slot.awaitReady();
        live.add(slot);
        idle.addLast(slot);
      }
    } catch (RuntimeException e) {
      started.forEach(Slot::retire);
      replacer.shutdownNow();
      throw e;
    }
    log.debug("Jython runner started {} slots", started.size());
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
        + ") did not stop within " + settings.grace().toMillis() + " ms of its deadline");
  }

  /** Abandons a slot whose script would not stop, and starts a replacement in the background. */
  void retire(Slot slot, String why) {
    live.remove(slot);
    boolean stopped = slot.abandon();
    log.warn("Retired Jython slot {}: {}; {} and a new slot replaces it", slot, why,
        stopped ? "its thread was told to stop"
            : settings.isolateThreads() ? "its thread is abandoned"
            : "the calling thread stays with the script until it returns");
    if (closed) {
      return;
    }
    replacer.execute(() -> {
      try {
        Slot fresh = Slot.start(settings, warmUpScript).awaitReady();
        live.add(fresh);
        release(fresh);
        if (closed) {
          live.remove(fresh);
        }
      } catch (RuntimeException e) {
        log.error("Could not replace retired Jython slot {}", slot, e);
      }
    });
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
