package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.samples.EdrPlaybookCli;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} streams: a file of any length in a small heap, nothing twice, errors as one line. */
class RunStreamingTest {
  static final int LINES = 100_000;

  private static Path config(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("scripts"));
    Files.writeString(dir.resolve("scripts/noop.py"), "def run(ctx):\n    return None\n");
    return Files.writeString(dir.resolve("config.json"), """
        {
          "organizations": [{"name": "acme"}],
          "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
          "actions": [{"organization": "acme", "name": "Note", "description": "does nothing",
                       "scripts": [{"name": "noop", "file": "scripts/noop.py"}]}],
          "connectors": [{"organization": "acme", "name": "Log", "type": "CUSTOM", "jumpBox": "jb-1",
                          "host": "log.example", "port": 443, "apiKey": "log-key-0a1b2c3d4e",
                          "actions": [{"action": "Note"}]}],
          "playbooks": [{"organization": "acme", "name": "Default", "default": true, "collectorGroups": [],
                         "rules": [{"section": "NOTIFICATIONS", "action": "Note",
                                    "classifications": ["MALICIOUS"], "connectors": "ALL"}]}],
          "runners": {"default": "jython", "jython": {"warmUp": false}}
        }
        """);
  }

  private static Path events(Path dir, int lines) throws Exception {
    Path file = dir.resolve("events.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        w.write("{\"id\": \"ev-" + i + "\", \"organization\": \"acme\", \"classification\": \"MALICIOUS\", "
            + "\"time\": \"2026-01-01T00:00:00Z\", \"device\": {\"name\": \"PC-" + (i % 1000)
            + "\", \"collectorGroup\": \"\", \"address\": \"10.0." + (i % 250) + "." + (i % 200) + "\"}}\n");
      }
    }
    return file;
  }

  /** Runs the command line in a child JVM with {@code -Xmx64m}; returns exit status and output. */
  private static String[] child(Path dir, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), EdrPlaybookCli.class.getName()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the run did not end within 5 minutes");
    }
    return new String[] {String.valueOf(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8)};
  }

  @Test
  void aHundredThousandLineFileRunsIn64MiBAndRunningItAgainRunsNothingTwice(@TempDir Path dir) throws Exception {
    Path config = config(dir);
    Path events = events(dir, LINES);
    String journal = dir.resolve("journal").toString();
    String[] first = child(dir, "run", "--config", config.toString(), "--events", events.toString(),
        "--journal", journal);
    String tail = first[1].length() > 3000 ? first[1].substring(first[1].length() - 3000) : first[1];
    assertEquals("0", first[0], tail);
    assertTrue(first[1].contains(LINES + " lines submitted, " + LINES + " runs (0 did not succeed)"), tail);
    assertFalse(first[1].contains("OutOfMemoryError"), tail);
    assertTrue(first[1].lines().count() < 200, "a long file prints a bounded amount: " + first[1].lines().count());

    String[] again = child(dir, "run", "--config", config.toString(), "--events", events.toString(),
        "--journal", journal);
    String tail2 = again[1].length() > 3000 ? again[1].substring(again[1].length() - 3000) : again[1];
    assertEquals("0", again[0], tail2);
    assertTrue(again[1].contains(LINES + " lines submitted, 0 runs (0 did not succeed), " + LINES + " not run again"),
        tail2);
  }

  @Test
  void anUnexpectedErrorIsOneLineAndDebugAddsItsStackTrace(@TempDir Path dir) throws Exception {
    Path config = config(dir);
    Path notAFile = Files.createDirectories(dir.resolve("events.jsonl"));
    CliRun r = CliRun.of("run", "--config", config.toString(), "--events", notAFile.toString());
    assertEquals(1, r.exit(), r.both());
    assertEquals(1, r.errLines().stream().filter(l -> !l.isBlank()).count(), r.both());
    assertFalse(r.err().contains("\tat "), r.both());
    CliRun debug = CliRun.of("run", "--config", config.toString(), "--events", notAFile.toString(), "--debug");
    assertEquals(1, debug.exit(), debug.both());
    assertTrue(debug.err().contains("\tat "), debug.both());
  }
}
