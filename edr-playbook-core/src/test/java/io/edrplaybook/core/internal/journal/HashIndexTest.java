package io.edrplaybook.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory-mapped event index: probing, chunks, growth, forgotten slots, reopening. */
class HashIndexTest {
  private static final long CHUNK = 1L << 22;

  @TempDir
  Path dir;

  @Test
  void probingRunsAcrossTheBoundaryOfTwoMappedChunks() throws Exception {
    Path file = dir.resolve("index.dat");
    Map<Long, Long> positions = new HashMap<>();
    try (HashIndex ix = HashIndex.open(file, 2 * CHUNK)) {
      ix.logStart(8);
      // ten keys that all want the last slot of the first chunk: they spill into the second
      for (long k = 0; k < 10; k++) {
        long hash = (CHUNK - 1) | (k << 40);
        ix.put(hash, 100 + k, 0, p -> false);
        positions.put(hash, 100 + k);
      }
      for (Map.Entry<Long, Long> e : positions.entrySet()) {
        long want = e.getValue();
        assertEquals(want, ix.get(e.getKey(), p -> p == want), "key " + Long.toHexString(e.getKey()));
      }
      ix.force();
    }
    try (HashIndex ix = HashIndex.open(file, 16)) {
      assertFalse(ix.fresh(), "a valid index file is reused");
      ix.logStart(8);
      assertEquals(10, ix.count());
      long last = (CHUNK - 1) | (9L << 40);
      assertEquals(109, ix.get(last, p -> p == 109), "read back after reopening");
    }
  }

  @Test
  void growthKeepsEveryKeyAndDropsForgottenOnes() throws Exception {
    try (HashIndex ix = HashIndex.open(dir.resolve("index.dat"), 16)) {
      ix.logStart(8);
      for (long k = 1; k <= 5000; k++) {
        ix.put(JournalStore.hash(new io.edrplaybook.api.EventKey("o", "e" + k)), 10 * k, 0, p -> false);
      }
      assertTrue(ix.capacity() >= 8192, "grew: " + ix.capacity());
      for (long k = 1; k <= 5000; k++) {
        long want = 10 * k;
        assertEquals(want, ix.get(JournalStore.hash(new io.edrplaybook.api.EventKey("o", "e" + k)), p -> p == want));
      }
      // a newer record of the same event moves its slot forward, an older one does not
      long h = JournalStore.hash(new io.edrplaybook.api.EventKey("o", "e7"));
      ix.put(h, 70_000, 70, p -> true);
      ix.put(h, 70, 0, p -> true);
      assertEquals(70_000, ix.get(h, p -> true));
      // retention: positions before the log's start are gone, and their slots are reused
      ix.logStart(25_000);
      assertEquals(0, ix.get(JournalStore.hash(new io.edrplaybook.api.EventKey("o", "e1")), p -> true));
      assertEquals(30_000, ix.get(JournalStore.hash(new io.edrplaybook.api.EventKey("o", "e3000")), p -> p == 30_000));
    }
  }
}
