package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.change;
import static io.edrplaybook.postgres.Entries.invocation;
import static io.edrplaybook.postgres.Entries.started;
import static io.edrplaybook.postgres.Entries.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.JournalException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a journal does when its database goes away and comes back. */
class DatabaseOutageTest {
  /** A server of this class's own: its tests stop and restart it. */
  private static PostgresServer own;

  @BeforeAll
  static void start() {
    own = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    own.close();
  }

  @Test
  void aStoppedDatabaseGivesAJournalExceptionNamingTheJournalAndItsHealthSaysSo() {
    try (HikariDataSource ds = Databases.pool(own.newDatabase());
        PostgresJournal j = PostgresJournal.builder(ds).open()) {
      j.classify(change("e1", Classification.MALICIOUS, Entries.T0));
      own.stop();
      JournalException e = assertThrows(JournalException.class,
          () -> j.claim(invocation("e1", Classification.MALICIOUS, "isolate", "edr")));
      assertTrue(e.getMessage().startsWith("PostgreSQL journal edr_* (engine ") && e.getMessage().contains("claim"),
          e.getMessage());
      assertFalse(j.health().writable());
      own.restart();
      // a pooled connection from before the outage may fail one more call (a clear JournalException,
      // nothing claimed); within a bound the claim goes through
      Invocation again = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
      java.util.concurrent.atomic.AtomicReference<io.edrplaybook.spi.RunClaim> taken =
          new java.util.concurrent.atomic.AtomicReference<>();
      waitUntil(() -> {
        try {
          taken.set(j.claim(again));
          return true;
        } catch (JournalException stale) {
          return false;
        }
      }, "the database takes a claim again");
      assertTrue(taken.get().granted(), "work resumes when the database is back: " + taken.get());
      waitUntil(() -> j.health().writable(), "the journal says it is writable again");
    }
  }

  @Test
  void aTerminalRecordTheDatabaseDidNotTakeIsWrittenOnceItIsBack() {
    try (HikariDataSource ds = Databases.pool(own.newDatabase());
        PostgresJournal j = Databases.quick(ds).open()) {
      Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
      j.claim(i);
      j.started(started(i));
      own.stop();
      assertThrows(JournalException.class, () -> j.finished(succeeded(i)));
      own.restart();
      waitUntil(() -> j.history(i.eventKey()).stream().anyMatch(e -> e instanceof InvocationResult),
          "the heartbeat writes the kept terminal record");
      assertFalse(j.finished(succeeded(i)), "written once");
    }
  }

  @Test
  void anEngineBackFromLosingTheDatabaseDoesNotTakeTheOthersForDead() throws InterruptedException {
    try (HikariDataSource ds = Databases.pool(own.newDatabase())) {
      CuttableDataSource bLink = new CuttableDataSource(ds);
      try (PostgresJournal a = Databases.quick(ds).open(); PostgresJournal b = Databases.quick(bLink).open()) {
        Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
        b.claim(i);
        b.started(started(i));
        bLink.cut(); // b's way back is slower than a's: it stays away until a has judged
        own.stop();
        waitUntil(() -> !a.health().writable(), "a notices the outage");
        Thread.sleep(1500); // the outage lasts longer than the dead-after bound (1 s)
        own.restart();
        waitUntil(() -> a.health().writable(), "a reaches the database again");
        assertEquals(List.of(), a.recoverInterrupted(Instant.now()), "b is not taken for dead right after the outage");
        bLink.mend();
        waitUntil(() -> b.health().writable(), "b reaches the database again");
        assertTrue(b.finished(succeeded(i)), "b's run ends normally");
      }
    }
  }

  private static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
