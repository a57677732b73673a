package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.invocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Invocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A connector's maxConcurrent across engines: slots as leases. */
class ConnectorSlotsTest {
  private HikariDataSource ds;
  private PostgresJournal a;
  private PostgresJournal b;

  @BeforeEach
  void open() {
    ds = Databases.fresh();
    a = PostgresJournal.builder(ds).open();
    b = PostgresJournal.builder(ds).open();
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    ds.close();
  }

  @Test
  void noMoreThanMaxConcurrentSlotsAreTakenWhenManyAskAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int n = 0; n < 12; n++) {
        PostgresJournal j = n % 2 == 0 ? a : b;
        Invocation i = run();
        Callable<Boolean> ask = () -> {
          go.await(30, TimeUnit.SECONDS);
          return j.acquireConnectorSlot(i, 3);
        };
        answers.add(pool.submit(ask));
      }
      go.countDown();
      int granted = 0;
      for (Future<Boolean> f : answers) {
        granted += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertTrue(granted >= 1 && granted <= 3, "granted " + granted + " of maxConcurrent 3");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSlotGivenBackByOneEngineIsTakenByAnother() {
    Invocation first = run();
    Invocation second = run();
    assertTrue(a.acquireConnectorSlot(first, 2));
    assertTrue(a.acquireConnectorSlot(second, 2));
    Invocation third = run();
    assertFalse(b.acquireConnectorSlot(third, 2), "both slots are held by engine a");
    a.releaseConnectorSlot(first);
    a.releaseConnectorSlot(first);
    assertTrue(b.acquireConnectorSlot(third, 2));
  }

  @Test
  void askingTwiceForOneRunHoldsOneSlot() {
    Invocation i = run();
    assertTrue(a.acquireConnectorSlot(i, 1));
    assertTrue(a.acquireConnectorSlot(i, 1), "the run already holds the slot");
    assertFalse(b.acquireConnectorSlot(run(), 1));
  }

  @Test
  void slotsOfOneConnectorLeaveAnotherConnectorsFree() {
    assertTrue(a.acquireConnectorSlot(run(), 1));
    assertTrue(b.acquireConnectorSlot(invocation("e", Classification.MALICIOUS, "notify", "mail"), 1));
  }

  @Test
  void anExpiredLeaseOfASilentEngineIsTakenOver() throws SQLException {
    assertTrue(a.acquireConnectorSlot(run(), 1));
    try (Connection c = ds.getConnection();
        PreparedStatement p = c.prepareStatement(
            "UPDATE edr_connector_slots SET expires_at = now() - interval '1 second' WHERE engine = ?")) {
      p.setString(1, a.engineId());
      assertEquals(1, p.executeUpdate());
    }
    assertTrue(b.acquireConnectorSlot(run(), 1));
  }

  @Test
  void aClosingEngineGivesBackItsSlots() {
    assertTrue(a.acquireConnectorSlot(run(), 1));
    a.close();
    assertTrue(b.acquireConnectorSlot(run(), 1));
  }

  private static Invocation run() {
    return invocation("e" + System.nanoTime(), Classification.MALICIOUS, "isolate", "edr");
  }
}
