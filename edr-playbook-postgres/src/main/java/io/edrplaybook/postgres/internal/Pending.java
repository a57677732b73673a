package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.JournalException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that failed while the database was away and must still happen once it is back: a run's
 * terminal record (else the run stays open for as long as its engine lives) and the giving back of
 * a claim whose run will not start. Each is idempotent, so writing one twice changes nothing. The
 * heartbeat writes them again, oldest first, after each beat that reached the database. Bounded:
 * past {@link #MAX} waiting writes the oldest is dropped with a warning (a dropped terminal record
 * is recovered as interrupted when its engine stops; a dropped give-back keeps the key claimed).
 */
public final class Pending {
  /** The most writes kept. */
  public static final int MAX = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(Pending.class);

  /** One write. */
  public record Write(String what, Runnable write) {}

  private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  /** Keeps {@code write} to be written again. */
  public void add(String what, Runnable write) {
    queue.add(new Write(what, write));
    if (size.incrementAndGet() > MAX) {
      Write dropped = queue.poll();
      if (dropped != null) {
        size.decrementAndGet();
        LOG.warn("More than {} journal writes wait for the database; dropped the oldest: {}", MAX, dropped.what());
      }
    }
  }

  /** Returns how many writes wait. */
  public int size() {
    return size.get();
  }

  /** Writes what waits, oldest first, until one fails (it stays first). */
  public void flush() {
    Write w;
    while ((w = queue.peek()) != null) {
      try {
        w.write().run();
      } catch (JournalException e) {
        return;
      }
      if (queue.remove(w)) {
        size.decrementAndGet();
      }
    }
  }
}
