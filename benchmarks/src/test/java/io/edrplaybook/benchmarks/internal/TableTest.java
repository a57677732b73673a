package io.edrplaybook.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A measure run in a JVM of its own hands its part of the table back whole: rows, checks, keys. */
class TableTest {
  @TempDir
  Path dir;

  @Test
  void aSavedPartMergesBackWithEveryRowCheckAndKeyExactly() throws IOException {
    Table part = fillPart(new Table());
    Path file = dir.resolve("part.json");
    part.save(file);

    Table whole = fillHeap(new Table());
    whole.merge(file);

    assertEquals(print(whole), print(fillPart(fillHeap(new Table()))));
    assertFalse(whole.allHold(), "a target that missed, or a measure that could not run, still counts");
    Path json = dir.resolve("keys.json");
    whole.writeJson(json);
    String keys = Files.readString(json);
    assertTrue(keys.contains("\"jython_call_p50_us\" : 4.731"), keys);
    assertTrue(keys.contains("\"count\" : 12"), keys);
    assertTrue(keys.contains("\"missing\" : null"), keys);
    assertTrue(keys.contains("\"cpython_ratio\" : null"), keys);
  }

  private static Table fillHeap(Table t) {
    t.row("heap", "6.26 MiB", "", "", "");
    t.target("config_heap_mib", 6.26, "<=", 64);
    return t;
  }

  private static Table fillPart(Table t) {
    t.row("end to end: jython runs/s", "113,424", "107,542 (min)", "", "3 rounds; JIT 10%");
    t.target("e2e_jython_runs_per_s", 113_424.0, ">=", 100_000);
    t.target("jython_call_p50_us", 4.7312345678901, "<=", 2);
    t.target("cpython_ratio", Double.NaN, ">=", 50);
    t.key("e2e_pg_jit_share", 0.07);
    t.key("count", 12L);
    t.key("missing", null);
    return t;
  }

  private static String print(Table t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    t.print(new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
