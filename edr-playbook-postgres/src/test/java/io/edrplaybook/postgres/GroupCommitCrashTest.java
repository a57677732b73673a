package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.succeeded;
import static io.edrplaybook.postgres.GroupCommitTest.hasResult;
import static io.edrplaybook.postgres.GroupCommitTest.startedRuns;
import static io.edrplaybook.postgres.WriterHold.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.JournalException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The database crashes between a batch's statements and its commit. */
class GroupCommitCrashTest {

  @Test
  void aCrashBeforeTheCommitLosesNoAcknowledgedEndAndTheOthersAreWrittenOnceItIsBack() throws Exception {
    PostgresServer own = PostgresServer.start();
    ExecutorService callers = Executors.newCachedThreadPool();
    String url = own.newDatabase();
    try (HikariDataSource pool = Databases.pool(url)) {
      CrashAtCommit ds = new CrashAtCommit(pool, own);
      try (PostgresJournal j = Databases.quick(ds).groupCommit(1, 64).open()) {
        List<Invocation> acknowledged = startedRuns(j, 4, -1);
        List<Invocation> crashed = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          Invocation i = Entries.invocation("c" + k, Classification.MALICIOUS, "isolate", "edr");
          assertTrue(j.claim(i).granted());
          j.started(Entries.started(i));
          crashed.add(i);
        }
        // the first batch commits: these ends are acknowledged
        List<Future<Boolean>> first = endAll(j, url, acknowledged, callers);
        for (Future<Boolean> f : first) {
          assertTrue(f.get(30, TimeUnit.SECONDS));
        }
        // the second batch: the server crashes after its statements, before its commit
        ds.crashAtNextCommit();
        List<Future<Boolean>> second = endAll(j, url, crashed, callers);
        for (Future<Boolean> f : second) {
          ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
          assertInstanceOf(JournalException.class, e.getCause(), "not acknowledged");
        }
        own.restart();
        // (only the crashed ends are kept to be written again: an acknowledged one found is one that survived)
        waitUntil(() -> acknowledged.stream().allMatch(i -> found(j, i)), "the acknowledged ends survive the crash");
        waitUntil(() -> crashed.stream().allMatch(i -> found(j, i)),
            "the ends the crash took are written again once the database is back");
        for (Invocation i : acknowledged) {
          assertFalse(j.finished(succeeded(i)), "one terminal record");
        }
        for (Invocation i : crashed) {
          List<HistoryEntry> h = j.history(i.eventKey());
          assertEquals(1, h.stream().filter(e -> e instanceof InvocationResult).count(), h.toString());
        }
      }
    } finally {
      callers.shutdownNow();
      own.close();
    }
  }

  /** Whether the end of {@code i} is in the journal; false while the pool still hands out broken connections. */
  private static boolean found(PostgresJournal j, Invocation i) {
    try {
      return hasResult(j, i);
    } catch (JournalException e) {
      return false;
    }
  }

  /** Ends {@code runs} from threads of their own while the batch in flight is held, so that the next batch takes them all. */
  private static List<Future<Boolean>> endAll(PostgresJournal j, String url, List<Invocation> runs,
      ExecutorService callers) throws Exception {
    List<Future<Boolean>> out = new ArrayList<>();
    long before = j.groupCommit().batches();
    try (WriterHold hold = WriterHold.hold(j, url)) {
      for (Invocation i : runs) {
        out.add(callers.submit(() -> j.finished(succeeded(i))));
      }
      waitUntil(() -> j.groupCommit().queued() == runs.size(), "the ends wait for a batch");
    }
    waitUntil(() -> j.groupCommit().batches() == before + 1, "one batch takes them");
    return out;
  }

  /** A data source whose connections crash the server (immediate stop) at the first commit once armed. */
  private static final class CrashAtCommit implements DataSource {
    private final DataSource delegate;
    private final PostgresServer server;
    private final AtomicBoolean armed = new AtomicBoolean();

    CrashAtCommit(DataSource delegate, PostgresServer server) {
      this.delegate = delegate;
      this.server = server;
    }

    void crashAtNextCommit() {
      armed.set(true);
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = delegate.getConnection();
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            if (method.getName().equals("commit") && armed.compareAndSet(true, false)) {
              server.crash();
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("not used");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("not used");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
