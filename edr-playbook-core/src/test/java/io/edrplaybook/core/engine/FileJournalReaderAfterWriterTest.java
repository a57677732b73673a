package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.JournalEntries.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader opened beside a writer keeps reading the log as it was when opened, whatever the writer does next. */
class FileJournalReaderAfterWriterTest {
  @TempDir
  Path dir;

  @Test
  void aReaderOpenedBesideAWriterStillReadsAfterTheWriterClosed() {
    Path journal = dir.resolve("journal");
    ClassificationChange c = new ClassificationChange("ev-1", "acme", Classification.MALICIOUS, Optional.empty(), NOW,
        Optional.of("Laptops"), "playbook \"Laptops\" applies");
    FileJournal writer = FileJournal.open(journal);
    writer.classify(c);
    try (FileJournal reader = FileJournal.openReadOnly(journal)) {
      writer.close();
      assertEquals(List.of(c), reader.history(new EventKey("acme", "ev-1")));
      assertEquals(List.of(), reader.damagedLines());
    } finally {
      writer.close();
    }
  }

  @Test
  void aReaderOpenedBesideAWriterStillReadsAfterTheWriterSealedTheSegment() {
    Path journal = dir.resolve("journal");
    ClassificationChange c = new ClassificationChange("ev-1", "acme", Classification.MALICIOUS, Optional.empty(), NOW,
        Optional.of("Laptops"), "playbook \"Laptops\" applies");
    try (FileJournal writer = FileJournal.open(journal)) {
      writer.classify(c);
      try (FileJournal reader = FileJournal.openReadOnly(journal)) {
        writer.rotate();
        assertEquals(List.of(c), reader.history(new EventKey("acme", "ev-1")));
      }
    }
  }
}
