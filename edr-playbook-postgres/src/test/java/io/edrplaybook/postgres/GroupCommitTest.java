package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.change;
import static io.edrplaybook.postgres.Entries.invocation;
import static io.edrplaybook.postgres.Entries.started;
import static io.edrplaybook.postgres.Entries.succeeded;
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
import io.edrplaybook.spi.Classified;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The group commit: concurrent writes share a transaction, and each caller still gets its own outcome. */
class GroupCommitTest {
  private static final ExecutorService CALLERS = Executors.newCachedThreadPool();

  @AfterAll
  static void stopCallers() {
    CALLERS.shutdownNow();
  }

  @Test
  void aWriteThatFailsInABatchFailsOnlyItsOwnCaller() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try (HikariDataSource ds = Databases.pool(url); PostgresJournal j = PostgresJournal.builder(ds).groupCommit(1, 64)
        .open()) {
      List<Invocation> runs = startedRuns(j, 8, 3);
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + "IF NEW.event_id = 'poison' AND NEW.kind = 'result' THEN RAISE EXCEPTION 'poisoned by the test'; "
            + "END IF; RETURN NEW; END $$");
        s.execute("CREATE TRIGGER poison BEFORE INSERT ON edr_history FOR EACH ROW EXECUTE FUNCTION poison()");
      }
      List<Future<Boolean>> ends = new ArrayList<>();
      long batches;
      try (WriterHold hold = WriterHold.hold(j, url)) {
        for (Invocation i : runs) {
          ends.add(CALLERS.submit(() -> j.finished(succeeded(i))));
        }
        waitUntil(() -> j.groupCommit().queued() == runs.size(), "the ends wait for a batch");
        batches = j.groupCommit().batches();
      }
      for (int k = 0; k < runs.size(); k++) {
        Invocation i = runs.get(k);
        if (i.eventId().equals("poison")) {
          ExecutionException e = assertThrows(ExecutionException.class, ends.get(k)::get);
          assertInstanceOf(JournalException.class, e.getCause());
          assertTrue(e.getCause().getMessage().contains("poisoned by the test"), e.getCause().getMessage());
          assertFalse(hasResult(j, i), "the failed end is not written");
        } else {
          assertTrue(ends.get(k).get(30, TimeUnit.SECONDS), "the other ends are written: " + i.eventId());
          assertTrue(hasResult(j, i), i.eventId());
        }
      }
      assertEquals(batches + 1, j.groupCommit().batches(), "the ends were tried as one batch first");
    }
  }

  @Test
  void classificationsWrittenInOneBatchEachGetTheirOwnOutcome() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try (HikariDataSource ds = Databases.pool(url); PostgresJournal j = PostgresJournal.builder(ds).groupCommit(1, 64)
        .open()) {
      j.classify(change("was-benign", Classification.LIKELY_SAFE, Entries.T0));
      j.classify(change("already", Classification.MALICIOUS, Entries.T0));
      j.classify(change("twice", Classification.LIKELY_SAFE, Entries.T0));
      List<String> events = List.of("was-benign", "already", "new", "twice", "twice");
      List<Future<Classified>> outcomes = new ArrayList<>();
      long batches;
      try (WriterHold hold = WriterHold.hold(j, url)) {
        for (String e : events) {
          outcomes.add(CALLERS.submit(() -> j.classify(change(e, Classification.MALICIOUS, Entries.T0.plusSeconds(5)))));
        }
        waitUntil(() -> j.groupCommit().queued() == events.size(), "the classifications wait for a batch");
        batches = j.groupCommit().batches();
      }
      Classified wasBenign = outcomes.get(0).get(30, TimeUnit.SECONDS);
      assertEquals(Optional.of(Classification.LIKELY_SAFE), wasBenign.state().previous());
      assertEquals(Optional.of(Classification.LIKELY_SAFE), wasBenign.recorded().orElseThrow().previous());
      Classified already = outcomes.get(1).get(30, TimeUnit.SECONDS);
      assertTrue(already.recorded().isEmpty(), "unchanged: nothing recorded");
      assertEquals(Classification.MALICIOUS, already.state().current());
      Classified fresh = outcomes.get(2).get(30, TimeUnit.SECONDS);
      assertEquals(Optional.empty(), fresh.recorded().orElseThrow().previous(), "a new event has no previous");
      // the same event twice in one batch: one changes it, the other finds it changed
      List<Classified> twice = List.of(outcomes.get(3).get(30, TimeUnit.SECONDS),
          outcomes.get(4).get(30, TimeUnit.SECONDS));
      assertEquals(1, twice.stream().filter(c -> c.recorded().isPresent()).count());
      assertEquals(Optional.of(Classification.LIKELY_SAFE),
          twice.stream().flatMap(c -> c.recorded().stream()).findFirst().orElseThrow().previous());
      assertEquals(2, j.history(change("twice", Classification.LIKELY_SAFE, Entries.T0).eventKey()).size());
      assertEquals(batches + 1, j.groupCommit().batches(), "written as one batch");
    }
  }

  @Test
  void claimsWrittenInOneBatchEachLearnWhetherTheyWereGrantedAndHowFarAHeldKeyGot() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try (HikariDataSource ds = Databases.pool(url); PostgresJournal j = PostgresJournal.builder(ds).groupCommit(1, 64)
        .open()) {
      Invocation ended = invocation("ended", Classification.MALICIOUS, "isolate", "edr");
      assertTrue(j.claim(ended).granted());
      j.started(started(ended));
      assertTrue(j.finished(succeeded(ended)));
      Invocation claimed = invocation("claimed", Classification.MALICIOUS, "isolate", "edr");
      assertTrue(j.claim(claimed).granted());
      List<Invocation> asks = List.of(invocation("ended", Classification.MALICIOUS, "isolate", "edr"),
          invocation("claimed", Classification.MALICIOUS, "isolate", "edr"),
          invocation("fresh", Classification.MALICIOUS, "isolate", "edr"),
          invocation("twice", Classification.MALICIOUS, "isolate", "edr"),
          invocation("twice", Classification.MALICIOUS, "isolate", "edr"));
      List<Future<io.edrplaybook.spi.RunClaim>> outcomes = new ArrayList<>();
      long batches;
      try (WriterHold hold = WriterHold.hold(j, url)) {
        for (Invocation i : asks) {
          outcomes.add(CALLERS.submit(() -> j.claim(i)));
        }
        waitUntil(() -> j.groupCommit().queued() == asks.size(), "the claims wait for a batch");
        batches = j.groupCommit().batches();
      }
      io.edrplaybook.spi.RunClaim onEnded = outcomes.get(0).get(30, TimeUnit.SECONDS);
      assertFalse(onEnded.granted());
      assertEquals(Optional.of(io.edrplaybook.api.InvocationStatus.SUCCEEDED), onEnded.lastStatus());
      io.edrplaybook.spi.RunClaim onClaimed = outcomes.get(1).get(30, TimeUnit.SECONDS);
      assertFalse(onClaimed.granted());
      assertEquals(Optional.empty(), onClaimed.lastStatus(), "held, not ended");
      assertTrue(outcomes.get(2).get(30, TimeUnit.SECONDS).granted());
      assertEquals(1, List.of(outcomes.get(3).get(30, TimeUnit.SECONDS), outcomes.get(4).get(30, TimeUnit.SECONDS))
          .stream().filter(io.edrplaybook.spi.RunClaim::granted).count(), "one claim of a key in a batch wins");
      assertEquals(batches + 1, j.groupCommit().batches(), "written as one batch");
    }
  }

  @Test
  void concurrentRunsShareTransactionsAndEachIsRecordedOnce() throws Exception {
    try (HikariDataSource ds = Databases.fresh(); PostgresJournal j = PostgresJournal.builder(ds).open()) {
      List<Future<Invocation>> done = new ArrayList<>();
      for (int k = 0; k < 400; k++) {
        String event = "ev-" + k;
        done.add(CALLERS.submit(() -> {
          j.classify(change(event, Classification.MALICIOUS, Entries.T0));
          Invocation i = invocation(event, Classification.MALICIOUS, "isolate", "edr");
          assertTrue(j.claim(i).granted());
          assertFalse(j.claim(invocation(event, Classification.MALICIOUS, "isolate", "edr")).granted());
          j.started(started(i));
          assertTrue(j.finished(succeeded(i)));
          return i;
        }));
      }
      for (Future<Invocation> f : done) {
        Invocation i = f.get(60, TimeUnit.SECONDS);
        List<HistoryEntry> h = j.history(i.eventKey());
        assertEquals(3, h.size(), "classification, start, end: " + h);
        assertFalse(j.finished(succeeded(i)), "one terminal record");
      }
      assertTrue(j.groupCommit().batches() > 0, "concurrent writes shared transactions");
    }
  }

  /** Claims and starts {@code n} runs of events e0…; the one at {@code poisoned} is on event "poison". */
  static List<Invocation> startedRuns(PostgresJournal j, int n, int poisoned) {
    List<Invocation> runs = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Invocation i = invocation(k == poisoned ? "poison" : "e" + k, Classification.MALICIOUS, "isolate", "edr");
      assertTrue(j.claim(i).granted());
      j.started(started(i));
      runs.add(i);
    }
    return runs;
  }

  static boolean hasResult(PostgresJournal j, Invocation i) {
    return j.history(i.eventKey()).stream()
        .anyMatch(e -> e instanceof InvocationResult r && r.invocation().id().equals(i.id()));
  }
}
