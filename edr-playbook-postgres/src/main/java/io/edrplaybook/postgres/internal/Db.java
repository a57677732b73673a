package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.JournalException;
import io.edrplaybook.spi.JournalHealth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * The journal's way to the database: one connection from the host's {@link DataSource} per call,
 * every {@link SQLException} turned into a {@link JournalException} that names the journal and what
 * failed, and the health that follows from the last call. Thread-safe.
 */
public final class Db {

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work. */
    T apply(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final String name;
  private volatile String problem;
  private volatile boolean closed;

  /**
   * Creates the access.
   *
   * @param dataSource the host's data source
   * @param name the journal's name in messages, e.g. {@code PostgreSQL journal edr_* (engine a1)}
   */
  public Db(DataSource dataSource, String name) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Returns the journal's name in messages. */
  public String name() {
    return name;
  }

  /** Runs {@code work} on a connection in autocommit mode: each statement is its own transaction. */
  public <T> T call(String what, Work<T> work) {
    ensureOpen();
    return run(what, work, true);
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T transaction(String what, Work<T> work) {
    ensureOpen();
    return run(what, work, false);
  }

  /** Like {@link #call} but also while closing: for the journal's own last writes. */
  public <T> T callWhileClosing(String what, Work<T> work) {
    return run(what, work, true);
  }

  private <T> T run(String what, Work<T> work, boolean autoCommit) {
    try (Connection c = dataSource.getConnection()) {
      if (c.getAutoCommit() != autoCommit) {
        c.setAutoCommit(autoCommit);
      }
      try {
        T out = work.apply(c);
        if (!autoCommit) {
          c.commit();
        }
        problem = null;
        return out;
      } catch (SQLException | RuntimeException e) {
        if (!autoCommit) {
          try {
            c.rollback();
          } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      } finally {
        if (!autoCommit) {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** Borrows a connection of the host's data source (for the group commit's own transactions). */
  Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /**
   * Prepares {@code sql} on {@code c} so that the driver prepares it on the server from its first
   * use: the journal runs the same few statements for as long as it lives, and pgjdbc's default
   * waits for their fifth use on each connection (each of the first four is parsed and planned from
   * scratch: about a sixth more CPU per run in the benchmark, where each round opens new pools). A
   * threshold the host set to 0 or 1 is kept (0: no server-side statements, e.g. behind a
   * transaction-pooling PgBouncer); another driver's statements are left as they are.
   */
  static PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement p = c.prepareStatement(sql);
    try {
      if (p.isWrapperFor(PGStatement.class)) {
        PGStatement pg = p.unwrap(PGStatement.class);
        if (pg.getPrepareThreshold() > 1) {
          pg.setPrepareThreshold(1);
        }
      }
    } catch (SQLException | RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** Returns the exception for {@code what} failing with {@code e}, and remembers the failure for {@link #health}. */
  JournalException failure(String what, SQLException e) {
    String message = name + " could not " + what + ": " + describe(e);
    problem = message;
    return new JournalException(message, e);
  }

  /** Remembers that a write reached the database. */
  void reached() {
    problem = null;
  }

  /** Returns a one-line description of {@code e}: its SQL state and message. */
  public static String describe(SQLException e) {
    String state = e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")";
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)) + state;
  }

  /** Records a failure seen outside a call (the heartbeat's). */
  public void failing(String message) {
    problem = message;
  }

  /** Returns the health that follows from the last call. */
  public JournalHealth health() {
    if (closed) {
      return JournalHealth.failing(name + " is closed");
    }
    String p = problem;
    return p == null ? JournalHealth.ok() : JournalHealth.failing(p);
  }

  /** Marks the journal closed: later calls throw. */
  public void close() {
    closed = true;
  }

  /** Returns whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Throws when the journal is closed. */
  public void ensureOpen() {
    if (closed) {
      throw new JournalException(name + " is closed");
    }
  }
}
