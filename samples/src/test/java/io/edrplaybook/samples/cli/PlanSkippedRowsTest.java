package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan} shows the rows a condition removed, with the clause that failed. */
class PlanSkippedRowsTest {

  /** The basic test configuration, its Block Address row only for ransomware, in {@code dir}. */
  private static Path conditional(Path dir, String when) throws IOException {
    Path basic = Path.of(CliRun.resource("basic"));
    try (Stream<Path> files = Files.walk(basic)) {
      for (Path f : files.toList()) {
        Path to = dir.resolve(basic.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Path config = dir.resolve("config.json");
    String text = Files.readString(config);
    String row = "\"classifications\": [\"MALICIOUS\"], \"connectors\": [\"Edge FW\"]";
    assertTrue(text.contains(row));
    Files.writeString(config, text.replace(row, row + ", \"when\": " + when));
    return config;
  }

  @Test
  void planShowsARowRemovedByItsConditionAndWhy(@TempDir Path dir) throws IOException {
    Path config = conditional(dir, "{\"field\": \"details.rule\", \"equals\": \"Ransomware\"}");
    CliRun r = CliRun.of("plan", "--config", config.toString(), "--events", CliRun.resource("basic/events.jsonl"));
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.outLines().contains("  removed     REMEDIATION | Block Address on Edge FW | row \"Block Address\""
        + " removed by its condition details.rule equals \"Ransomware\": details.rule equals \"Ransomware\" (missing)"),
        r.both());
    assertTrue(r.outLines().stream().noneMatch(l -> l.contains("would run") && l.contains("Block Address on Edge FW")),
        r.both());
  }

  @Test
  void validateListsABadConditionWithItsPath(@TempDir Path dir) throws IOException {
    Path config = conditional(dir, "{\"field\": \"details.rule\", \"equal\": \"Ransomware\"}");
    CliRun r = CliRun.of("validate", "--config", config.toString());
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("playbooks[0].rules[1].when.equal: unknown operator \"equal\", did you mean"
        + " \"equals\"?"), r.both());
  }
}
