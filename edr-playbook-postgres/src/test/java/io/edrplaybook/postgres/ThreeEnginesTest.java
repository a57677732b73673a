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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three engines in three JVMs on one database. The size of the big case is {@code -Dedr.pg.events}
 * (default 3 000 events, 6 000 submissions; the full size is 30 000).
 */
class ThreeEnginesTest {
  static final int EVENTS = Integer.getInteger("edr.pg.events", 3000);

  @TempDir
  Path dir;
  private final List<ClusterNodeProcess> nodes = new ArrayList<>();
  private String url;

  @AfterEach
  void stopNodes() {
    nodes.forEach(ClusterNodeProcess::close);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void eventsSubmittedToTwoEnginesAtOnceRunOnceWithOneTerminalRecordAndOneHistory() throws Exception {
    startNodes(3, 500, 5000);
    long seed = Long.getLong("edr.pg.seed", System.nanoTime());
    Random random = new Random(seed);
    Map<String, Set<Classification>> classifications = new HashMap<>();
    List<CompletableFuture<ClusterNodeProcess.Reply>> replies = new ArrayList<>();
    for (int e = 0; e < EVENTS; e++) {
      String id = "ev-" + e;
      Classification first = random.nextBoolean() ? Classification.MALICIOUS : Classification.SUSPICIOUS;
      classifications.computeIfAbsent(id, k -> new HashSet<>()).add(first);
      replies.addAll(toTwoAtOnce(random, id, first, "main"));
      if (random.nextInt(10) == 0) {
        // reclassified, seen by two engines at once, while the first submissions may still run
        Classification then = first == Classification.MALICIOUS ? Classification.SUSPICIOUS : Classification.MALICIOUS;
        classifications.get(id).add(then);
        replies.addAll(toTwoAtOnce(random, id, then, "main"));
      }
    }
    for (CompletableFuture<ClusterNodeProcess.Reply> r : replies) {
      ClusterNodeProcess.Reply reply = r.get(10, TimeUnit.MINUTES);
      assertTrue(reply.done(), "a submission failed (seed " + seed + "): " + reply.text());
    }

    Set<String> expected = new HashSet<>();
    classifications.forEach((id, cs) -> cs.forEach(c -> {
      expected.add("acme/" + id + "/" + c + "/Notify/Chat");
      if (c == Classification.MALICIOUS) {
        expected.add("acme/" + id + "/" + c + "/Isolate/EDR");
      }
    }));
    Map<String, Integer> ran = Ledgers.counts(Ledgers.read(ledgers()));
    List<String> twice = ran.entrySet().stream().filter(x -> x.getValue() > 1).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), twice, "runs executed more than once (seed " + seed + ")");
    assertEquals(expected, ran.keySet(), "every planned run ran (seed " + seed + ")");

    assertEquals(expected.size(), count("SELECT count(*) FROM edr_runs WHERE last_status = 'SUCCEEDED'"));
    assertEquals(expected.size(), count("SELECT count(*) FROM edr_history WHERE kind = 'started'"));
    assertEquals(0, count("SELECT count(*) FROM edr_history s WHERE s.kind = 'started' AND (SELECT count(*) "
        + "FROM edr_history r WHERE r.kind = 'result' AND r.invocation_id = s.invocation_id) <> 1"),
        "every run has exactly one terminal record");
    assertEquals(0, count("SELECT count(*) FROM edr_open_runs"));

    List<String> sample = new ArrayList<>(classifications.keySet()).subList(0, Math.min(200, classifications.size()));
    for (String id : sample) {
      List<String> seen = new ArrayList<>();
      for (ClusterNodeProcess n : nodes) {
        seen.add(n.history(id).get(60, TimeUnit.SECONDS));
      }
      assertEquals(1, new HashSet<>(seen).size(), "history of " + id + " differs between engines: " + seen);
      assertTrue(!seen.get(0).endsWith(" 0"), "history of " + id + " is empty");
    }
    nodes.forEach(ClusterNodeProcess::quit);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void anEngineKilledWhileItsScriptsSleepHasItsRunsInterruptedByASurvivorAndNothingRunsAgain() throws Exception {
    String dead = startNodes(3, 300, 3000).get(0);
    ClusterNodeProcess victim = nodes.get(0);
    for (int e = 0; e < 4; e++) {
      victim.submit("sleepy-" + e, Classification.MALICIOUS, "sleep");
    }
    awaitCondition(() -> Ledgers.read(List.of(victim.ledger)).size() == 4, Duration.ofSeconds(60),
        "the victim's four scripts are running");
    long killedAt = System.nanoTime();
    victim.kill();

    awaitCondition(() -> count("SELECT count(*) FROM edr_runs WHERE connector = 'Sleeper' "
        + "AND last_status = 'INTERRUPTED'") == 4, Duration.ofSeconds(15), "a survivor records the runs interrupted");
    long took = System.nanoTime() - killedAt;
    assertTrue(took < Duration.ofSeconds(15).toNanos(), "interrupted within 15 s, took " + took / 1_000_000 + " ms");
    assertEquals(4, count("SELECT count(*) FROM edr_history WHERE kind = 'result' "
        + "AND entry LIKE '%INTERRUPTED%' AND entry LIKE '%" + dead + "%'"), "one record each, naming the dead engine");

    List<CompletableFuture<ClusterNodeProcess.Reply>> replies = new ArrayList<>();
    for (int e = 0; e < 4; e++) {
      replies.add(nodes.get(1).submit("sleepy-" + e, Classification.MALICIOUS, "sleep"));
      replies.add(nodes.get(2).submit("sleepy-" + e, Classification.MALICIOUS, "sleep"));
    }
    for (int e = 0; e < 60; e++) {
      replies.add(nodes.get(1 + e % 2).submit("after-" + e, Classification.MALICIOUS, "main"));
    }
    for (CompletableFuture<ClusterNodeProcess.Reply> r : replies) {
      assertTrue(r.get(2, TimeUnit.MINUTES).done(), "the survivors keep working");
    }
    List<Ledgers.Run> survivors = Ledgers.read(List.of(nodes.get(1).ledger, nodes.get(2).ledger));
    assertEquals(List.of(), survivors.stream().filter(r -> r.key().contains("/sleepy-")).toList(),
        "nothing of the dead engine runs again");
    assertEquals(120, survivors.size(), "the survivors ran the new events' runs, once each");
    assertEquals(4, count("SELECT count(*) FROM edr_history WHERE kind = 'result' AND entry LIKE '%Sleeper%'"));
    nodes.get(1).quit();
    nodes.get(2).quit();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void maxConcurrentTwoIsNeverExceededAcrossThreeEngines() throws Exception {
    startNodes(3, 500, 5000);
    Random random = new Random();
    List<CompletableFuture<ClusterNodeProcess.Reply>> replies = new ArrayList<>();
    for (int e = 0; e < 60; e++) {
      replies.addAll(toTwoAtOnce(random, "narrow-" + e, Classification.MALICIOUS, "narrow"));
    }
    for (CompletableFuture<ClusterNodeProcess.Reply> r : replies) {
      assertTrue(r.get(3, TimeUnit.MINUTES).done());
    }
    List<Ledgers.Run> runs = Ledgers.read(ledgers());
    assertEquals(60, runs.size(), "each event's run ran once");
    int most = Ledgers.mostAtOnce(runs, "Narrow");
    assertTrue(most <= 2, "at most 2 runs of connector Narrow at once across the engines, saw " + most);
    assertEquals(0, count("SELECT count(*) FROM edr_connector_slots"), "every slot was given back");
    nodes.forEach(ClusterNodeProcess::quit);
  }

  private List<CompletableFuture<ClusterNodeProcess.Reply>> toTwoAtOnce(Random random, String id, Classification c,
      String group) {
    int a = random.nextInt(nodes.size());
    int b = (a + 1 + random.nextInt(nodes.size() - 1)) % nodes.size();
    return List.of(nodes.get(a).submit(id, c, group), nodes.get(b).submit(id, c, group));
  }

  private List<String> startNodes(int n, long heartbeatMillis, long deadAfterMillis) {
    url = PostgresServer.shared().newDatabase();
    for (int k = 0; k < n; k++) {
      nodes.add(ClusterNodeProcess.start(url, dir, "node" + k, heartbeatMillis, deadAfterMillis));
    }
    List<String> ids = new ArrayList<>();
    nodes.forEach(p -> ids.add(p.awaitReady()));
    return ids;
  }

  private List<Path> ledgers() {
    return nodes.stream().map(n -> n.ledger).toList();
  }

  private long count(String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static void awaitCondition(java.util.function.BooleanSupplier condition, Duration bound, String what) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound.toSeconds() + " s: " + what);
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
