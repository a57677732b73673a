package io.edrplaybook.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One caller's write for the {@link GroupCommit}: how to write it alone (one statement, its own
 * transaction: the way without grouping), and, when it has a {@link #batchSql}, how to bind it into
 * a JDBC batch of writes of the same statement and read its outcome from its update count.
 *
 * @param <T> the outcome the caller waits for
 */
public abstract class Write<T> {
  /** The kinds of writes, in the order a batch writes them. */
  public enum Kind {
    /** A classification of an event (locks the event's row). */
    CLASSIFY,
    /** A claim of a run key (inserts the key's row). */
    CLAIM,
    /** A run's start (updates its key's row, inserts its open row). */
    START,
    /** A run's end (deletes its open row, updates its key's row). */
    END
  }

  private static final int QUEUED = 0;
  private static final int TAKEN = 1;
  private static final int ABANDONED = 2;

  private final Kind kind;
  private final String order;
  private final String what;
  private final AtomicInteger state = new AtomicInteger(QUEUED);
  final CompletableFuture<T> outcome = new CompletableFuture<>();
  /** The caller's thread, woken when the outcome is known or when it may lead the next batch. */
  volatile Thread owner;

  /**
   * Creates a write.
   *
   * @param kind its kind: batches write kinds in their order
   * @param order the row it locks first (event or run key): a batch writes in this order within a
   *     kind, so two batches lock rows in the same order and never deadlock
   * @param what what it does, for messages ("record the end of run …")
   */
  protected Write(Kind kind, String order, String what) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.order = Objects.requireNonNull(order, "order");
    this.what = Objects.requireNonNull(what, "what");
  }

  /** Returns its kind. */
  public Kind kind() {
    return kind;
  }

  /** Returns its sort key within its kind. */
  public String order() {
    return order;
  }

  /** Returns what it does, for messages. */
  public String what() {
    return what;
  }

  /**
   * Returns the statement several writes of this shape share in one JDBC batch (its update count is
   * the outcome); null when the write runs alone inside the batch's transaction.
   */
  protected abstract String batchSql();

  /**
   * Reads the outcomes of the writes of one JDBC batch of this statement together, after it ran in
   * the batch's transaction (one query for all, instead of a result per write).
   */
  @FunctionalInterface
  public interface GroupRead {
    /**
     * Sets {@code out[from + k]} to the outcome of {@code writes.get(k)}, whose update count is
     * {@code counts[k]}.
     */
    void read(Connection c, List<Write<?>> writes, int[] counts, Object[] out, int from) throws SQLException;
  }

  /**
   * Returns how to read the outcomes of a batch of this statement together; null (the default) when
   * each outcome follows from its update count ({@link #counted}). A batch whose writes share a
   * group read holds no two writes with the same {@link #order} (they are written alone).
   */
  protected GroupRead groupRead() {
    return null;
  }

  /** Binds this write's parameters to {@code batch} (a statement of {@link #batchSql}). */
  protected abstract void bind(PreparedStatement batch) throws SQLException;

  /** Returns the outcome for the update count {@code count} of this write in a batch. */
  protected abstract T counted(int count);

  /** Writes this alone on {@code c} (in auto-commit mode, or inside a batch's transaction). */
  protected abstract T alone(Connection c) throws SQLException;

  /** Takes the write for a batch; false when its caller gave up waiting first. */
  boolean take() {
    return state.compareAndSet(QUEUED, TAKEN);
  }

  /** A write's parameters, bound into a batch. */
  @FunctionalInterface
  public interface Binder {
    /** Binds the parameters. */
    void bind(PreparedStatement p) throws SQLException;
  }

  /**
   * Returns a write made of its parts.
   *
   * @param batchSql the shared statement, null when it only writes alone
   * @param binder binds its parameters to {@code batchSql}
   * @param counted its outcome from its update count
   * @param alone writes it alone
   */
  public static <T> Write<T> of(Kind kind, String order, String what, String batchSql, Binder binder,
      java.util.function.IntFunction<T> counted, Db.Work<T> alone) {
    return new Write<>(kind, order, what) {
      @Override
      protected String batchSql() {
        return batchSql;
      }

      @Override
      protected void bind(PreparedStatement batch) throws SQLException {
        binder.bind(batch);
      }

      @Override
      protected T counted(int count) {
        return counted.apply(count);
      }

      @Override
      protected T alone(Connection c) throws SQLException {
        return alone.apply(c);
      }
    };
  }

  /** The outcome a batch wrote for this write as one of its parts, before the batch committed. */
  Object written;

  /** Returns the writes this one stands for in a batch: itself, or a compound's parts. */
  List<Write<?>> parts() {
    return List.of(this);
  }

  /** Returns its outcome once its batch committed, from what its parts {@linkplain #written wrote}. */
  @SuppressWarnings("unchecked")
  T committed() {
    return (T) written;
  }

  /** Returns whether no batch took it yet and its caller still waits. */
  boolean queued() {
    return state.get() == QUEUED;
  }

  /** Gives the write up (its caller stopped waiting); false when a batch already took it. */
  boolean abandon() {
    return state.compareAndSet(QUEUED, ABANDONED);
  }
}
