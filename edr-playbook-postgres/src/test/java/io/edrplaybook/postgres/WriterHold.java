package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.change;

import io.edrplaybook.api.Classification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Holds the one batch a journal built with {@code groupCommit(1, …)} may write at a time: a
 * classification waits for a row lock this holds, so its caller leads a batch that does not end.
 * A test then queues writes; when the hold ends, the next leader takes them all as one batch.
 */
final class WriterHold implements AutoCloseable {
  private final Connection locker;
  private final CompletableFuture<?> held;

  private WriterHold(Connection locker, CompletableFuture<?> held) {
    this.locker = locker;
    this.held = held;
  }

  /** Holds {@code journal}'s batch; {@code url} is its database. */
  static WriterHold hold(PostgresJournal journal, String url) throws SQLException {
    journal.classify(change("writer-hold", Classification.SUSPICIOUS, Entries.T0));
    Connection c = DriverManager.getConnection(url);
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1 FROM edr_events WHERE event_id = 'writer-hold' FOR UPDATE").close();
    }
    CompletableFuture<?> held = CompletableFuture.runAsync(
        () -> journal.classify(change("writer-hold", Classification.MALICIOUS, Entries.T0.plusSeconds(1))));
    waitUntil(() -> waitingForLock(url), "the held batch waits for the locked row");
    return new WriterHold(c, held);
  }

  /** Returns whether a backend of the database at {@code url} waits for a lock. */
  private static boolean waitingForLock(String url) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            + "AND datname = current_database()")) {
      rs.next();
      return rs.getInt(1) > 0;
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Lets the held batch go on, and waits (bounded) for it to end. */
  @Override
  public void close() throws Exception {
    locker.rollback();
    locker.close();
    held.get(30, TimeUnit.SECONDS);
  }

  /** Waits at most 20 s for {@code condition}, polling. */
  static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
