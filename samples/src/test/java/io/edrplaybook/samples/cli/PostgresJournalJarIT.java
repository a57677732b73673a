package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.postgres.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two command-line processes ({@code java -jar}) on one PostgreSQL journal at the same time. */
class PostgresJournalJarIT {
  private static final Path JAR = Path.of("target", "edr-playbook-samples.jar").toAbsolutePath();

  @Test
  void twoProcessesRunningOneEventsFileAtOnceRunEachActionOnceInAll(@TempDir Path dir) throws Exception {
    String url = PostgresServer.shared().newDatabase();
    Path events = dir.resolve("events.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add("{\"id\": \"ev-" + i + "\", \"organization\": \"acme\", \"classification\": \"MALICIOUS\", "
          + "\"time\": \"2026-01-01T09:00:00Z\", \"device\": {\"name\": \"LAPTOP-" + i
          + "\", \"collectorGroup\": \"Engineering\", \"address\": \"10.1.2.3\"}}");
    }
    Files.write(events, lines);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      ProcessBuilder pb = new ProcessBuilder(java, "-jar", JAR.toString(), "run", "--config",
          CliRun.resource("basic/config.json"), "--events", events.toString(), "--journal", url)
          .redirectErrorStream(true).redirectOutput(dir.resolve("out-" + p + ".txt").toFile());
      pb.environment().putAll(CliRun.ENV); // the test configuration's ${env:...} secrets
      processes.add(pb.start());
    }
    for (int p = 0; p < 2; p++) {
      // a bound against a hung child, not a speed check
      assertTrue(processes.get(p).waitFor(5, TimeUnit.MINUTES), "process " + p + " did not end");
      String out = Files.readString(dir.resolve("out-" + p + ".txt"), StandardCharsets.UTF_8);
      assertEquals(0, processes.get(p).exitValue(), out);
    }
    long runs = count(url, "SELECT count(*) FROM edr_runs");
    assertTrue(runs >= 100, "every event has a run: " + runs);
    assertEquals(runs, count(url, "SELECT count(*) FROM edr_history WHERE kind = 'started'"),
        "each action ran once in all");
    assertEquals(runs, count(url, "SELECT count(*) FROM edr_history WHERE kind = 'result'"));
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
