package io.edrplaybook.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database restarts while three engines (three JVMs) run: submissions fail with a clear
 * error or wait, no run is recorded twice, and the work resumes when the database is back.
 */
class ClusterDatabaseRestartTest {
  private static final int EVENTS = 900;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aDatabaseRestartMakesSubmissionsFailClearlyRecordsNothingTwiceAndWorkResumes() throws Exception {
    List<ClusterNodeProcess> nodes = new ArrayList<>();
    try (PostgresServer own = PostgresServer.start()) {
      String url = own.newDatabase();
      for (int k = 0; k < 3; k++) {
        // a bound well above the outage: this test is about the database going away, not an engine
        nodes.add(ClusterNodeProcess.start(url, dir, "node" + k, 500, 10_000));
      }
      nodes.forEach(ClusterNodeProcess::awaitReady);
      Random random = new Random();
      AtomicInteger answered = new AtomicInteger();
      List<CompletableFuture<ClusterNodeProcess.Reply>> replies = new ArrayList<>();
      CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
        for (int e = 0; e < EVENTS; e++) {
          int a = random.nextInt(3);
          int b = (a + 1 + random.nextInt(2)) % 3;
          for (int n : new int[] {a, b}) {
            CompletableFuture<ClusterNodeProcess.Reply> r = nodes.get(n).submit("ev-" + e, Classification.MALICIOUS,
                "main");
            r.whenComplete((x, t) -> answered.incrementAndGet());
            synchronized (replies) {
              replies.add(r);
            }
          }
        }
      });
      ThreeEnginesTest.awaitCondition(() -> answered.get() >= EVENTS / 2, java.time.Duration.ofMinutes(2),
          "a third of the work is done");
      own.stop();
      Thread.sleep(2000); // the database stays away a while, as a restart does
      own.restart();
      stream.get(3, TimeUnit.MINUTES);

      List<String> failures = new ArrayList<>();
      synchronized (replies) {
        for (CompletableFuture<ClusterNodeProcess.Reply> r : replies) {
          ClusterNodeProcess.Reply reply = r.get(3, TimeUnit.MINUTES);
          if (!reply.done()) {
            failures.add(reply.text());
          }
        }
      }
      assertTrue(!failures.isEmpty(), "submissions while the database was away failed");
      System.out.println("database restart: " + failures.size() + " of " + replies.size() + " submissions failed, "
          + "e.g. " + failures.get(0));
      for (String f : failures) {
        assertTrue(f.startsWith("JournalException: ") && f.toLowerCase().contains("journal"),
            "a failed submission names the journal and why: " + f);
      }

      Set<String> expected = new HashSet<>();
      for (int e = 0; e < EVENTS; e++) {
        expected.add("acme/ev-" + e + "/MALICIOUS/Isolate/EDR");
        expected.add("acme/ev-" + e + "/MALICIOUS/Notify/Chat");
      }
      // work resumes: what did not run while the database was away runs when submitted again (a run
      // whose start the journal could not confirm ends FAILED "not started", with no execution)
      for (int round = 0; round < 8; round++) {
        Set<String> missing = missingEvents(url, expected);
        System.out.println("database restart: round " + round + ", " + missing.size() + " event(s) to submit again");
        if (missing.isEmpty()) {
          break;
        }
        Thread.sleep(1000); // the engines' heartbeats give back what the database did not take
        List<CompletableFuture<ClusterNodeProcess.Reply>> again = new ArrayList<>();
        for (String id : missing) {
          again.add(nodes.get(random.nextInt(3)).submit(id, Classification.MALICIOUS, "main"));
        }
        for (CompletableFuture<ClusterNodeProcess.Reply> r : again) {
          r.get(3, TimeUnit.MINUTES);
        }
      }

      Map<String, Integer> ran = Ledgers.counts(Ledgers.read(nodes.stream().map(n -> n.ledger).toList()));
      assertEquals(List.of(), ran.entrySet().stream().filter(x -> x.getValue() > 1).map(Map.Entry::getKey).toList(),
          "runs executed more than once");
      Set<String> stuck = missingEvents(url, expected);
      assertEquals(Set.of(), stuck, "events with a run that never ended: " + describe(url, stuck));
      // a run whose start the journal could not confirm was not started and says so; the others ran
      Set<String> notStarted = keys(url, "SELECT " + KEY + " FROM edr_runs r WHERE last_status <> 'SUCCEEDED'");
      assertEquals(notStarted, keys(url, "SELECT " + KEY + " FROM edr_runs r JOIN edr_history h "
          + "ON h.invocation_id = r.holder AND h.kind = 'result' WHERE r.last_status = 'FAILED' "
          + "AND h.entry LIKE '%not started: the journal could not record the start%'"),
          "a run that did not succeed was one the journal could not start");
      Set<String> shouldHaveRun = new HashSet<>(expected);
      shouldHaveRun.removeAll(notStarted);
      assertEquals(shouldHaveRun, ran.keySet(), "every other run ran, once");
      assertEquals(0, count(url, "SELECT count(*) FROM edr_history s WHERE s.kind = 'started' AND (SELECT count(*) "
          + "FROM edr_history r WHERE r.kind = 'result' AND r.invocation_id = s.invocation_id) <> 1"),
          "every run has exactly one terminal record");
      nodes.forEach(ClusterNodeProcess::quit);
    } finally {
      nodes.forEach(ClusterNodeProcess::close);
    }
  }

  private static Set<String> missingEvents(String url, Set<String> expected) throws SQLException {
    Set<String> done = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT organization || '/' || event_id || '/' || classification || '/' "
            + "|| action || '/' || connector FROM edr_runs WHERE last_status IS NOT NULL")) {
      while (rs.next()) {
        done.add(rs.getString(1));
      }
    }
    Set<String> missing = new HashSet<>();
    for (String k : expected) {
      if (!done.contains(k)) {
        missing.add(k.split("/")[1]);
      }
    }
    return missing;
  }

  private static final String KEY = "r.organization || '/' || r.event_id || '/' || r.classification || '/' "
      + "|| r.action || '/' || r.connector";

  private static Set<String> keys(String url, String sql) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String describe(String url, Set<String> events) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url)) {
      for (String id : events) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT action, holder, engine, started, last_status FROM edr_runs "
                + "WHERE event_id = '" + id + "'")) {
          while (rs.next()) {
            out.append("\n  run ").append(id).append(' ').append(rs.getString(1)).append(" holder ")
                .append(rs.getString(2)).append(" engine ").append(rs.getString(3)).append(" started ")
                .append(rs.getBoolean(4)).append(" status ").append(rs.getString(5));
          }
        }
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT kind, left(entry, 400) FROM edr_history WHERE event_id = '" + id
                + "' ORDER BY seq")) {
          while (rs.next()) {
            out.append("\n  history ").append(rs.getString(1)).append(' ').append(rs.getString(2));
          }
        }
      }
    }
    return out.toString();
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
