package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.postgres.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --journal jdbc:postgresql://...}: several command lines share one PostgreSQL journal. */
class PostgresJournalCliTest {
  private static final Pattern SUMMARY = Pattern.compile("(\\d+) lines submitted, (\\d+) runs");

  @Test
  void twoRunsOfOneEventsFileAtOnceOnOneDatabaseRunEachActionOnceInAll(@TempDir Path dir) throws Exception {
    String url = PostgresServer.shared().newDatabase();
    Path events = dir.resolve("events.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      lines.add("{\"id\": \"ev-" + i + "\", \"organization\": \"acme\", \"classification\": \"MALICIOUS\", "
          + "\"time\": \"2026-01-01T09:00:00Z\", \"device\": {\"name\": \"LAPTOP-" + i
          + "\", \"collectorGroup\": \"Engineering\", \"address\": \"10.1.2.3\"}}");
    }
    Files.write(events, lines);
    String[] args = {"run", "--config", CliRun.resource("basic/config.json"), "--events", events.toString(),
        "--journal", url};
    CompletableFuture<CliRun> one = CompletableFuture.supplyAsync(() -> CliRun.of(args));
    CompletableFuture<CliRun> two = CompletableFuture.supplyAsync(() -> CliRun.of(args));
    CliRun a = one.get(5, TimeUnit.MINUTES);
    CliRun b = two.get(5, TimeUnit.MINUTES);
    assertEquals(0, a.exit(), a.both());
    assertEquals(0, b.exit(), b.both());
    long runs = count(url, "SELECT count(*) FROM edr_runs");
    assertTrue(runs >= 150, "every event has at least one run: " + runs);
    assertEquals(runs, count(url, "SELECT count(*) FROM edr_history WHERE kind = 'started'"),
        "each run started once in all");
    assertEquals(runs, runsOf(a) + runsOf(b), "the two command lines split the runs:\n" + a.both() + b.both());
    assertEquals(0, count(url, "SELECT count(*) FROM edr_runs WHERE last_status IS DISTINCT FROM 'SUCCEEDED'"));

    CliRun history = CliRun.of("history", "--journal", url, "--event", "ev-7", "--organization", "acme");
    assertEquals(0, history.exit(), history.both());
    assertTrue(history.out().contains("MALICIOUS"), history.both());
  }

  @Test
  void historyOnADatabaseWithoutAJournalSaysSoAndNeverShowsThePassword() {
    String url = PostgresServer.shared().newDatabase() + "&password=s3cret-pw";
    CliRun r = CliRun.of("history", "--journal", url, "--event", "ev-1", "--organization", "acme");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("was not found") && r.err().contains("password=***"), r.both());
    assertFalse(r.both().contains("s3cret-pw"), r.both());
  }

  @Test
  void runUsesTheConfigurationFilesJournalSectionWhenNoJournalIsGiven(@TempDir Path dir) throws Exception {
    String url = PostgresServer.shared().newDatabase();
    Path basic = Path.of(CliRun.resource("basic/config.json")).getParent();
    try (var files = Files.walk(basic)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = dir.resolve(basic.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode config =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(dir.resolve("config.json").toFile());
    config.putObject("journal").put("url", url).put("tablePrefix", "cfg_");
    json.writeValue(dir.resolve("config.json").toFile(), config);
    CliRun r = CliRun.of("run", "--config", dir.resolve("config.json").toString(), "--events",
        CliRun.resource("basic/events.jsonl"));
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("journal jdbc:postgresql:"), r.both());
    assertEquals(runsOf(r), count(url, "SELECT count(*) FROM cfg_runs"));
  }

  private static long runsOf(CliRun r) {
    Matcher m = SUMMARY.matcher(r.out());
    assertTrue(m.find(), "no summary line:\n" + r.both());
    return Long.parseLong(m.group(2));
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
