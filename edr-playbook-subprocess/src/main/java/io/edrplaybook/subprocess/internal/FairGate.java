package io.edrplaybook.subprocess.internal;

import io.edrplaybook.spi.RunnerUnavailableException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shares the workers fairly between connectors: at most {@code total} calls hold a worker, at
 * most {@code perKey} of them for one connector, and when a worker frees up it goes to a waiting
 * connector that holds the fewest. So a slow connector's runs can fill at most {@code perKey}
 * workers; the others keep serving the other connectors. Thread-safe.
 */
final class FairGate {
  private final int total;
  private final int perKey;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Per key: {held, waiting}. Guarded by lock; a key is removed when both are 0. */
  private final Map<String, int[]> keys = new HashMap<>();
  private int inUse;

  FairGate(int total, int perKey) {
    this.total = total;
    this.perKey = perKey;
  }

  /**
   * Takes a place for {@code key}, waiting until {@code deadline} ({@link System#nanoTime}).
   *
   * @throws RunnerUnavailableException when none could be had by then
   */
  void acquire(String key, long deadline) {
    lock.lock();
    try {
      int[] k = keys.computeIfAbsent(key, x -> new int[2]);
      k[1]++;
      try {
        while (!canTake(k)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new RunnerUnavailableException("No Python worker became free before the call's"
                + " deadline (" + inUse + " of " + total + " busy, " + k[0] + " of at most " + perKey
                + " for this connector); the script did not run.", null);
          }
          changed.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunnerUnavailableException("Interrupted while waiting for a Python worker.", e);
      } finally {
        k[1]--;
      }
      k[0]++;
      inUse++;
    } catch (RuntimeException e) {
      forget(key);
      changed.signalAll();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private boolean canTake(int[] mine) {
    if (inUse >= total || mine[0] >= perKey) {
      return false;
    }
    for (int[] other : keys.values()) {
      if (other != mine && other[1] > 0 && other[0] < mine[0] && other[0] < perKey) {
        return false;  // a connector holding fewer is waiting: it goes first
      }
    }
    return true;
  }

  /** Gives back a place {@code key} took. */
  void release(String key) {
    lock.lock();
    try {
      int[] k = keys.get(key);
      if (k != null && k[0] > 0) {
        k[0]--;
        inUse--;
      }
      forget(key);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void forget(String key) {
    int[] k = keys.get(key);
    if (k != null && k[0] == 0 && k[1] == 0) {
      keys.remove(key);
    }
  }

  /** Calls holding a worker now. */
  int inUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }
}
