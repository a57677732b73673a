package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.change;
import static io.edrplaybook.postgres.Entries.invocation;
import static io.edrplaybook.postgres.WriterHold.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.RunClaim;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A submission's classification and the claims of its runs: one transaction, shared with the other
 * submissions of a batch, all of it committed or none of it.
 */
class ClassifyWithClaimsTest {
  private static final ExecutorService CALLERS = Executors.newCachedThreadPool();

  @AfterAll
  static void stopCallers() {
    CALLERS.shutdownNow();
  }

  @Test
  void submissionsWrittenInOneBatchEachGetTheirStateAndClaims() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try (HikariDataSource ds = Databases.pool(url); PostgresJournal j = PostgresJournal.builder(ds).groupCommit(1, 64)
        .open()) {
      Invocation held = invocation("ev-1", Classification.MALICIOUS, "isolate", "edr");
      assertTrue(j.claim(held).granted());
      List<Future<Classified>> outcomes = new ArrayList<>();
      long batches;
      try (WriterHold hold = WriterHold.hold(j, url)) {
        for (int k = 1; k <= 3; k++) {
          String event = "ev-" + k;
          outcomes.add(CALLERS.submit(() -> j.classify(change(event, Classification.MALICIOUS, Entries.T0),
              List.of(invocation(event, Classification.MALICIOUS, "isolate", "edr"),
                  invocation(event, Classification.MALICIOUS, "notify", "slack")))));
        }
        waitUntil(() -> j.groupCommit().queued() == 3, "the submissions wait for a batch");
        batches = j.groupCommit().batches();
      }
      for (int k = 0; k < 3; k++) {
        Classified c = outcomes.get(k).get(30, TimeUnit.SECONDS);
        assertEquals(Classification.MALICIOUS, c.state().current());
        assertTrue(c.recorded().isPresent(), "a new event's classification is recorded");
        assertEquals(2, c.claims().size());
        assertEquals(k > 0, c.claims().get(0).granted(), "ev-1's isolate was held before: " + c.claims());
        assertTrue(c.claims().get(1).granted());
      }
      assertEquals(batches + 1, j.groupCommit().batches(), "written as one batch");
      assertFalse(j.claim(invocation("ev-3", Classification.MALICIOUS, "notify", "slack")).granted(),
          "a granted claim is held");
    }
  }

  @Test
  void aSubmissionWhoseClaimFailsLeavesNeitherItsClassificationNorItsClaimsAndFailsOnlyItsCaller()
      throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try (HikariDataSource ds = Databases.pool(url); PostgresJournal j = PostgresJournal.builder(ds).groupCommit(1, 64)
        .open()) {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + "IF NEW.event_id = 'poison' AND NEW.action = 'notify' THEN RAISE EXCEPTION 'poisoned by the test'; "
            + "END IF; RETURN NEW; END $$");
        s.execute("CREATE TRIGGER poison BEFORE INSERT ON edr_runs FOR EACH ROW EXECUTE FUNCTION poison()");
      }
      List<String> events = List.of("ok-1", "poison", "ok-2");
      List<Future<Classified>> outcomes = new ArrayList<>();
      try (WriterHold hold = WriterHold.hold(j, url)) {
        for (String event : events) {
          outcomes.add(CALLERS.submit(() -> j.classify(change(event, Classification.MALICIOUS, Entries.T0),
              List.of(invocation(event, Classification.MALICIOUS, "isolate", "edr"),
                  invocation(event, Classification.MALICIOUS, "notify", "slack")))));
        }
        waitUntil(() -> j.groupCommit().queued() == events.size(), "the submissions wait for a batch");
      }
      ExecutionException e = assertThrows(ExecutionException.class, () -> outcomes.get(1).get(30, TimeUnit.SECONDS));
      assertInstanceOf(JournalException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("poisoned by the test"), e.getCause().getMessage());
      assertTrue(j.event(new EventKey("acme", "poison")).isEmpty(), "the classification is not recorded");
      assertTrue(j.history(new EventKey("acme", "poison")).isEmpty());
      assertTrue(j.claimOf(invocation("poison", Classification.MALICIOUS, "isolate", "edr").runKey()).isEmpty(),
          "the claim written before the failing one is not held");
      for (int k : new int[] {0, 2}) {
        Classified ok = outcomes.get(k).get(30, TimeUnit.SECONDS);
        assertTrue(ok.claims().stream().allMatch(RunClaim::granted), events.get(k) + ": " + ok.claims());
      }
    }
  }
}
