package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.JournalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: the writes of concurrent callers (classifications, claims, starts, ends) wait in a
 * queue for one of a few writer threads, which takes what waits (up to a bound) and writes it in
 * one transaction — one JDBC batch (one round trip) per statement, kinds in a fixed order and rows
 * in key order within a kind, so that two engines' batches lock rows in the same order and never
 * deadlock — and commits once. Each caller learns its own outcome only after the commit: nothing
 * is acknowledged that the database did not commit. A batch of one is written alone, as without
 * grouping.
 *
 * <p>Failures. When a statement fails (a deadlock, a constraint), the transaction is rolled back
 * and each write of the batch is written again alone, so the failure reaches only its own caller.
 * When the database cannot be reached, or the connection breaks before the commit, nothing was
 * written and every caller of the batch gets a {@link JournalException}. When the commit itself
 * fails, whether it happened is unknown: every caller gets a {@link JournalException} saying so,
 * just as the caller of a single statement whose answer was lost. A caller waits at most a bound,
 * then gives up (its write is then never taken) or, if a batch already took it, reports that the
 * outcome is unknown.
 */
public final class GroupCommit implements AutoCloseable {
  private static final Comparator<Write<?>> ORDER = Comparator.<Write<?>, Write.Kind>comparing(Write::kind)
      .thenComparing(w -> w.batchSql() == null ? "" : w.batchSql())
      .thenComparing(Write::order);

  private final Db db;
  private final int maxBatch;
  private final Duration wait;
  private final LinkedBlockingQueue<Write<?>> queue = new LinkedBlockingQueue<>();
  private final Write<?> stop = new Stop();
  private final List<Thread> writers = new ArrayList<>();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong grouped = new AtomicLong();
  private volatile boolean closed;

  /**
   * Starts {@code writers} daemon threads; with none, every write is written alone on its caller's
   * thread.
   *
   * @param db the database
   * @param engine the engine's id, for the threads' names
   * @param writers how many batches may be in flight at once; 0 for no grouping
   * @param maxBatch the most writes in one batch, at least 1
   * @param wait how long a caller waits for its batch's commit at most
   */
  public GroupCommit(Db db, String engine, int writers, int maxBatch, Duration wait) {
    this.db = db;
    this.maxBatch = maxBatch;
    this.wait = wait;
    for (int k = 0; k < writers && maxBatch > 1; k++) {
      Thread t = new Thread(this::loop, "edr-journal-writer-" + k + "-" + engine);
      t.setDaemon(true);
      this.writers.add(t);
      t.start();
    }
  }

  /**
   * Writes {@code w} in the next batch and returns its outcome once the batch committed.
   *
   * @throws JournalException when it could not be written, or its outcome is unknown
   */
  public <T> T write(Write<T> w) {
    if (writers.isEmpty()) {
      return db.call(w.what(), w::alone);
    }
    db.ensureOpen();
    if (closed) {
      throw new JournalException(db.name() + " is closed");
    }
    queue.add(w);
    try {
      return w.outcome.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JournalException j) {
        throw new JournalException(j.getMessage(), j);
      }
      throw new JournalException(db.name() + " could not " + w.what() + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw gaveUp(w, "no batch wrote it within " + wait.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw gaveUp(w, "its caller was interrupted while it waited");
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

  /** Returns how many writes wait for a writer. */
  public int queued() {
    return queue.size();
  }

  private void loop() {
    List<Write<?>> batch = new ArrayList<>(maxBatch);
    while (true) {
      Write<?> first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (first == stop) {
        return;
      }
      batch.clear();
      if (first.take()) {
        batch.add(first);
      }
      Write<?> w;
      while (batch.size() < maxBatch && (w = queue.poll()) != null) {
        if (w == stop) {
          queue.add(stop); // for after this batch
          break;
        }
        if (w.take()) {
          batch.add(w);
        }
      }
      if (batch.size() == 1) {
        alone(batch.get(0));
      } else if (!batch.isEmpty()) {
        together(batch);
      }
    }
  }

  private void together(List<Write<?>> batch) {
    batches.incrementAndGet();
    grouped.addAndGet(batch.size());
    batch.sort(ORDER);
    Object[] out = new Object[batch.size()];
    Connection c;
    try {
      c = db.connection();
    } catch (SQLException e) {
      batch.forEach(w -> w.outcome.completeExceptionally(db.failure(w.what(), e)));
      return;
    }
    boolean committing = false;
    try (c) {
      try {
        c.setAutoCommit(false);
        writeAll(c, batch, out);
        committing = true;
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
      complete(batch.get(k), out[k]);
    }
  }

  private static void writeAll(Connection c, List<Write<?>> batch, Object[] out) throws SQLException {
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
      } else {
        int[] counts;
        try (PreparedStatement p = c.prepareStatement(sql)) {
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
        w.outcome.completeExceptionally(new JournalException(db.name() + " could not " + w.what()
            + ": the commit of its batch failed, so whether it was written is unknown: " + Db.describe(sql), sql));
      }
      db.failure("commit a batch of writes", sql);
    } else if (unreachable(sql)) {
      batch.forEach(w -> w.outcome.completeExceptionally(db.failure(w.what(), sql)));
    } else {
      batch.forEach(this::alone); // rolled back: each alone, so a failing write fails only its caller
    }
  }

  /** Whether {@code e} says the connection or the server went away (class 08, or 57P01–57P03). */
  static boolean unreachable(SQLException e) {
    String state = e.getSQLState();
    return state == null ? false : state.startsWith("08") || state.startsWith("57P");
  }

  private void alone(Write<?> w) {
    try {
      complete(w, db.call(w.what(), w::alone));
    } catch (RuntimeException e) {
      w.outcome.completeExceptionally(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Write<T> w, Object value) {
    w.outcome.complete((T) value);
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

  /** Writes what waits, stops the writers, and fails what came too late. */
  @Override
  public void close() {
    closed = true;
    for (int k = 0; k < writers.size(); k++) {
      queue.add(stop);
    }
    for (Thread t : writers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Write<?> w;
    while ((w = queue.poll()) != null) {
      if (w != stop && w.take()) {
        w.outcome.completeExceptionally(new JournalException(db.name() + " is closed; it did not " + w.what()));
      }
    }
  }

  /** The writers' signal to stop. */
  private static final class Stop extends Write<Void> {
    Stop() {
      super(Kind.END, "", "stop");
    }

    @Override
    protected String batchSql() {
      return null;
    }

    @Override
    protected void bind(PreparedStatement batch) {}

    @Override
    protected Void counted(int count) {
      return null;
    }

    @Override
    protected Void alone(Connection c) {
      return null;
    }
  }
}
