package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.JournalException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's heartbeat: a daemon thread that renews the engine's row and its connector slot
 * leases every interval. It remembers when a beat last succeeded, so the journal can refuse to
 * start runs once the other engines may have taken this one for dead.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final Engines engines;
  private final Slots slots;
  private final Db db;
  private final Pending pending;
  private final ScheduledExecutorService thread;
  private volatile long lastBeatNanos;
  private volatile boolean failing;
  private volatile long healthySinceNanos;
  private volatile boolean sawOutage;

  /** Beats once now (failing when the database cannot be reached), then every {@code interval}. */
  public Heartbeat(Engines engines, Slots slots, Pending pending, Db db, Duration interval) {
    this.engines = engines;
    this.pending = pending;
    this.slots = slots;
    this.db = db;
    engines.beat();
    lastBeatNanos = System.nanoTime();
    healthySinceNanos = lastBeatNanos;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "edr-journal-heartbeat-" + engines.engine());
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(this::beat, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Returns how long ago the last beat succeeded. */
  public Duration sinceLastBeat() {
    return Duration.ofNanos(System.nanoTime() - lastBeatNanos);
  }

  /**
   * Returns whether this engine may take others for dead: it has reached the database without a
   * gap for at least {@code bound} since its last failed beat, or never had one. After an outage
   * every engine's beat is old; an engine that lived through it waits a whole bound, so the
   * others have beaten again before anyone judges them.
   */
  public boolean mayJudge(Duration bound) {
    return !failing && (!sawOutage || System.nanoTime() - healthySinceNanos >= bound.toNanos());
  }

  private void beat() {
    try {
      engines.beat();
      lastBeatNanos = System.nanoTime();
      if (failing) {
        failing = false;
        healthySinceNanos = lastBeatNanos;
      }
      slots.renew();
      pending.flush();
    } catch (JournalException e) {
      failing = true;
      sawOutage = true;
      db.failing(e.getMessage());
      LOG.warn("{}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{}: heartbeat failed", db.name(), e);
    }
  }

  /** Stops beating. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
