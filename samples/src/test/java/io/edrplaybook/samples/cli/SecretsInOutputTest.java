package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script that prints its API key, returns it and raises with it: the key is nowhere in what the
 * command line prints nor in the journal file, and the failure is still recorded.
 */
class SecretsInOutputTest {
  private static final String KEY = CliRun.ENV.get("CLI_LEAKY_KEY");

  @Test
  void aScriptsOwnKeyIsInNoOutputAndNotInTheJournalWhileTheFailureIsRecorded(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("journal");
    CliRun run = CliRun.of("run", "--config", CliRun.resource("secrets/config.json"),
        "--events", CliRun.resource("secrets/events.jsonl"), "--journal", journal.toString());
    assertEquals(1, run.exit(), run.both());
    assertTrue(run.outLines().stream().anyMatch(l -> l.contains("Leak Raising") && l.contains("FAILED")
        && l.contains("ValueError")), run.both());
    assertTrue(run.outLines().stream().anyMatch(l -> l.contains("Leak Returning") && l.contains("SUCCEEDED")), run.both());
    assertFalse(run.both().contains(KEY), run.both());

    StringBuilder all = new StringBuilder();
    try (var files = Files.list(journal)) {
      for (Path f : files.toList()) {
        all.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
      }
    }
    String written = all.toString();
    assertFalse(written.contains(KEY), written);
    assertTrue(written.contains("calling with key"), "the output was recorded, masked: " + written);
    assertTrue(written.contains("the service refused key"), "the error was recorded, masked: " + written);

    CliRun history = CliRun.of("history", "--journal", journal.toString(), "--config",
        CliRun.resource("secrets/config.json"), "--event", "ev-leak");
    assertEquals(0, history.exit(), history.both());
    assertTrue(history.outLines().stream().anyMatch(l -> l.contains("Leak Raising") && l.contains("FAILED")),
        history.both());
    assertFalse(history.both().contains(KEY), history.both());
  }

  @Test
  void theTestButtonShowsTheOutputAndErrorWithTheKeyMasked() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("secrets/config.json"),
        "--connector", "Leaky", "--action", "Leak Raising");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.out().contains("calling with key"), r.both());
    assertTrue(r.out().contains("the service refused key"), r.both());
    assertFalse(r.both().contains(KEY), r.both());
  }
}
