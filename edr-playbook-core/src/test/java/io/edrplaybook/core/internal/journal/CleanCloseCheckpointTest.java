package io.edrplaybook.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.core.FileJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean close of a file journal checkpoints its whole log: the next open replays nothing. */
class CleanCloseCheckpointTest {
  @TempDir
  Path dir;

  /** The log position after the newest record: the last segment's base (its name) plus its size. */
  private static long logEnd(Path journal) throws IOException {
    List<Path> segments;
    try (Stream<Path> s = Files.list(journal)) {
      segments = s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
    Path last = segments.get(segments.size() - 1);
    String name = last.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - ".seg".length())) + Files.size(last);
  }

  @Test
  void aCleanCloseCheckpointsEveryRecordWritten() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.open(journal)) {
      for (int n = 0; n < 10; n++) {
        j.classify(new ClassificationChange("ev-" + n, "acme", Classification.MALICIOUS, Optional.empty(),
            Instant.parse("2026-12-01T10:00:00Z"), Optional.of("Laptops"), "playbook applies"));
      }
    }
    Checkpoint cp = Checkpoint.read(journal.resolve("checkpoint.dat"));
    assertNotNull(cp, "a checkpoint was written");
    assertEquals(logEnd(journal), cp.covered(), "it covers the log up to its end");
  }
}
