package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.JournalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit: the writes of concurrent callers (classifications, claims, starts, ends) share
 * transactions. A caller queues its write; when no batch is being written it becomes the leader:
 * it takes what waits (up to a bound) and writes it, on its own thread, in one transaction — one
 * JDBC batch (one round trip) per statement, kinds in a fixed order and rows in key order within a
 * kind, so that two engines' batches lock rows in the same order — and commits once. The other
 * callers wait meanwhile; the next batch gathers while one is written, so batches grow with the
 * load by themselves, and a lone caller writes at once, with no hand-off to another thread. Each
 * caller learns its own outcome only after the commit: nothing is acknowledged that the database
 * did not commit. A batch of one is written alone, as without grouping. A {@link CompoundWrite}
 * (a classification with the claims of its runs) is written part by part among the writes of each
 * part's kind, all in the batch's transaction.
 *
 * <p>Failures. When a statement fails (a deadlock, a constraint), the transaction is rolled back
 * and each write of the batch is written again alone, so the failure reaches only its own caller.
 * When the database cannot be reached, or the connection breaks before the commit, nothing was
 * written and every caller of the batch gets a {@link JournalException}. When the commit itself
 * fails, whether it happened is unknown: every caller gets a {@link JournalException} saying so,
 * just as the caller of a single statement whose answer was lost. A caller that is not leading
 * waits at most a bound, then gives up (its write is then never taken) or, if a batch already took
 * it, reports that the outcome is unknown.
 */
public final class GroupCommit implements AutoCloseable {
  private static final Comparator<Write<?>> ORDER = Comparator.<Write<?>, Write.Kind>comparing(Write::kind)
      .thenComparing(w -> w.batchSql() == null ? "" : w.batchSql())
      .thenComparing(Write::order);

  private final Db db;
  private final int leaders;
  private final int maxBatch;
  private final Duration wait;
  private final ConcurrentLinkedQueue<Write<?>> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore leading;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong grouped = new AtomicLong();
  private final AtomicLong roundTrips = new AtomicLong();
  private volatile boolean closed;

  /**
   * Creates the group commit; with no leaders (or batches of one), every write is written alone on
   * its caller's thread.
   *
   * @param db the database
   * @param leaders how many batches may be in flight at once; 0 for no grouping
   * @param maxBatch the most writes in one batch, at least 1
   * @param wait how long a caller waits for its batch's commit at most
   */
  public GroupCommit(Db db, int leaders, int maxBatch, Duration wait) {
    this.db = db;
    this.leaders = maxBatch > 1 ? leaders : 0;
    this.maxBatch = maxBatch;
    this.wait = wait;
    this.leading = new Semaphore(this.leaders);
  }

  /**
   * Writes {@code w} in the next batch and returns its outcome once the batch committed.
   *
   * @throws JournalException when it could not be written, or its outcome is unknown
   */
  public <T> T write(Write<T> w) {
    if (leaders == 0) {
      return writeAlone(w);
    }
    db.ensureOpen();
    if (closed) {
      throw new JournalException(db.name() + " is closed");
    }
    w.owner = Thread.currentThread();
    queue.add(w);
    long deadline = System.nanoTime() + wait.toNanos();
    while (!w.outcome.isDone()) {
      if (closed) {
        if (w.abandon()) {
          throw new JournalException(db.name() + " is closed"); // no batch will take it
        }
      } else if (leading.tryAcquire()) {
        try {
          lead();
        } finally {
          leading.release();
          promote();
        }
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw gaveUp(w, "no batch wrote it within " + wait.toMillis() + " ms");
      }
      LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw gaveUp(w, "its caller was interrupted while it waited");
      }
    }
    try {
      return w.outcome.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JournalException j) {
        throw new JournalException(j.getMessage(), j);
      }
      throw new JournalException(db.name() + " could not " + w.what() + ": " + cause, cause);
    }
  }

  private JournalException gaveUp(Write<?> w, String why) {
    if (w.abandon()) {
      return new JournalException(db.name() + " could not " + w.what() + ": " + why + "; it was not written");
    }
    return new JournalException(db.name() + " could not " + w.what() + ": " + why
        + "; a batch had taken it, so whether it was written is unknown");
  }

  /** Returns how many batches of more than one write were committed or tried. */
  public long batches() {
    return batches.get();
  }

  /** Returns how many writes those batches held. */
  public long grouped() {
    return grouped.get();
  }

  /** Returns how many round trips the batches of more than one write took (statements, reads, commits). */
  public long roundTrips() {
    return roundTrips.get();
  }

  /** Returns how many writes wait for a batch. */
  public int queued() {
    return (int) queue.stream().filter(Write::queued).count();
  }

  /** As leader: writes one batch of what waits. */
  private void lead() {
    List<Write<?>> batch = new ArrayList<>();
    int parts = 0;
    Write<?> w;
    while (parts < maxBatch && (w = queue.poll()) != null) {
      if (w.take()) {
        batch.add(w);
        parts += w.parts().size();
      }
    }
    if (batch.size() == 1) {
      alone(batch.get(0));
    } else if (!batch.isEmpty()) {
      together(batch);
    }
  }

  /** After a batch: wakes the caller of the first write still waiting, to lead the next one. */
  private void promote() {
    for (Write<?> w : queue) {
      if (w.queued()) {
        LockSupport.unpark(w.owner);
        return;
      }
    }
  }

  /** Writes the callers' writes of {@code batch} in one transaction: their parts, sorted. */
  private void together(List<Write<?>> batch) {
    List<Write<?>> parts = new ArrayList<>(batch.size() + 8);
    for (Write<?> w : batch) {
      parts.addAll(w.parts());
    }
    batches.incrementAndGet();
    grouped.addAndGet(parts.size());
    parts.sort(ORDER);
    Object[] out = new Object[parts.size()];
    Connection c;
    try {
      c = db.connection();
    } catch (SQLException e) {
      batch.forEach(w -> fail(w, db.failure(w.what(), e)));
      return;
    }
    boolean committing = false;
    try (c) {
      try {
        c.setAutoCommit(false);
        writeAll(c, parts, out);
        committing = true;
        roundTrips.incrementAndGet();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        if (!committing) {
          rollback(c, e);
        }
        throw e;
      } finally {
        restoreAutoCommit(c);
      }
    } catch (SQLException | RuntimeException e) {
      failed(batch, e, committing);
      return;
    }
    db.reached();
    for (int k = 0; k < out.length; k++) {
      parts.get(k).written = out[k];
    }
    for (Write<?> w : batch) {
      try {
        complete(w, w.committed());
      } catch (RuntimeException e) {
        fail(w, e);
      }
    }
  }

  /** Writes {@code batch} (parts, sorted) on {@code c}: one JDBC batch per run of writes of one statement. */
  private void writeAll(Connection c, List<Write<?>> batch, Object[] out) throws SQLException {
    int n = batch.size();
    int i = 0;
    while (i < n) {
      String sql = batch.get(i).batchSql();
      int j = i + 1;
      while (sql != null && j < n && sql.equals(batch.get(j).batchSql())) {
        j++;
      }
      Write.GroupRead read = batch.get(i).groupRead();
      if (j - i == 1 || read != null && repeats(batch, i, j)) {
        for (int k = i; k < j; k++) {
          out[k] = batch.get(k).alone(c);
        }
        roundTrips.addAndGet(j - i);
      } else {
        roundTrips.addAndGet(read != null ? 2 : 1);
        int[] counts;
        try (PreparedStatement p = Db.prepare(c, sql)) {
          for (int k = i; k < j; k++) {
            batch.get(k).bind(p);
            p.addBatch();
          }
          counts = p.executeBatch();
        }
        if (counts.length != j - i) {
          throw new SQLException("the driver answered " + counts.length + " update counts for a batch of " + (j - i));
        }
        for (int count : counts) {
          if (count < 0) {
            throw new SQLException("the driver did not report the update count of a batched statement "
                + "(is reWriteBatchedInserts set?)");
          }
        }
        if (read != null) {
          read.read(c, batch.subList(i, j), counts, out, i);
        } else {
          for (int k = i; k < j; k++) {
            out[k] = batch.get(k).counted(counts[k - i]);
          }
        }
      }
      i = j;
    }
  }

  /** Whether two writes of {@code batch[i, j)} (sorted) have the same order key. */
  private static boolean repeats(List<Write<?>> batch, int i, int j) {
    for (int k = i + 1; k < j; k++) {
      if (batch.get(k).order().equals(batch.get(k - 1).order())) {
        return true;
      }
    }
    return false;
  }

  private void failed(List<Write<?>> batch, Exception e, boolean committing) {
    SQLException sql = e instanceof SQLException s ? s : new SQLException(e.toString(), e);
    if (committing) {
      for (Write<?> w : batch) {
        fail(w, new JournalException(db.name() + " could not " + w.what()
            + ": the commit of its batch failed, so whether it was written is unknown: " + Db.describe(sql), sql));
      }
      db.failure("commit a batch of writes", sql);
    } else if (unreachable(sql)) {
      batch.forEach(w -> fail(w, db.failure(w.what(), sql)));
    } else {
      batch.forEach(this::alone); // rolled back: each alone, so a failing write fails only its caller
    }
  }

  /** Whether {@code e} says the connection or the server went away (class 08, or 57P01–57P03). */
  static boolean unreachable(SQLException e) {
    String state = e.getSQLState();
    return state == null ? false : state.startsWith("08") || state.startsWith("57P");
  }

  /** Writes {@code w} on its own: one statement in auto-commit mode, a compound in a transaction of its own. */
  private <T> T writeAlone(Write<T> w) {
    return w instanceof CompoundWrite ? db.transaction(w.what(), w::alone)
        : db.call(w.what(), w::alone);
  }

  private void alone(Write<?> w) {
    try {
      complete(w, writeAlone(w));
    } catch (RuntimeException e) {
      fail(w, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Write<T> w, Object value) {
    w.outcome.complete((T) value);
    wake(w);
  }

  private static void fail(Write<?> w, Throwable e) {
    w.outcome.completeExceptionally(e);
    wake(w);
  }

  private static void wake(Write<?> w) {
    if (w.owner != Thread.currentThread()) {
      LockSupport.unpark(w.owner);
    }
  }

  private static void rollback(Connection c, Exception e) {
    try {
      c.rollback();
    } catch (SQLException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the connection is broken; the pool drops it
    }
  }

  /** Waits (bounded) for the batches in flight, then fails what still waits. */
  @Override
  public void close() {
    closed = true;
    try {
      if (!leading.tryAcquire(leaders, 30, TimeUnit.SECONDS)) {
        return; // a batch hangs: its callers learn from it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Write<?> w;
    while ((w = queue.poll()) != null) {
      if (w.take()) {
        fail(w, new JournalException(db.name() + " is closed; it did not " + w.what()));
      }
    }
  }
}
