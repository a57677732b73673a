package io.edrplaybook.core.internal.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Group commit: callers whose records are written wait until a device flush covers them. One
 * caller at a time flushes, after waiting {@code window} for more records to join, outside the
 * journal's lock so that others keep writing meanwhile; the rest wait for a flush that covers
 * theirs. Thread-safe.
 */
public final class GroupCommit {
  /** What a flush covers: the log position it reaches, and the flush itself. */
  public record Pending(long end, JournalStore.Flush flush) {
  }

  private final Duration window;
  private final Object lock = new Object();
  private long flushedTo;
  private boolean flushing;

  /** Creates a group commit that waits {@code window} before each flush (zero: none). */
  public GroupCommit(Duration window) {
    this.window = window;
  }

  /**
   * Returns once a flush covers log position {@code end}.
   *
   * @param end the position after the caller's records
   * @param take what to flush, taken under the journal's lock by the caller that flushes
   * @throws IOException when the flush failed
   */
  public void await(long end, Supplier<Pending> take) throws IOException, InterruptedException {
    synchronized (lock) {
      while (flushedTo < end && flushing) {
        lock.wait(1000);
      }
      if (flushedTo >= end) {
        return;
      }
      flushing = true;
    }
    long reached = 0;
    try {
      if (!window.isZero()) {
        LockSupport.parkNanos(window.toNanos());
      }
      Pending p = take.get();
      p.flush().run();
      reached = p.end();
    } finally {
      synchronized (lock) {
        flushedTo = Math.max(flushedTo, reached);
        flushing = false;
        lock.notifyAll();
      }
    }
  }
}
