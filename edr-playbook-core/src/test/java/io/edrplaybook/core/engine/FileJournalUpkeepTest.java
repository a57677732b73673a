package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.core.FileJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an open file journal does on its own: retention as segments fill, a record it cannot read. */
class FileJournalUpkeepTest {
  private static final long SMALL_SEGMENT = 64 * 1024;

  @TempDir
  Path dir;

  private static ClassificationChange classified(String eventId, Instant at) {
    return new ClassificationChange(eventId, "acme", Classification.MALICIOUS, Optional.empty(), at,
        Optional.of("Laptops"), "playbook \"Laptops\" applies");
  }

  private static EventKey key(String eventId) {
    return new EventKey("acme", eventId);
  }

  @Test
  void retentionForgetsOldSegmentsWhenASegmentFillsWithoutARestart() throws IOException {
    Path journal = dir.resolve("journal");
    Instant old = Instant.now().minus(Duration.ofDays(10));
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).retention(Duration.ofDays(7))
        .open()) {
      for (int n = 0; n < 3000; n++) { // several segments' worth
        j.classify(classified("old-" + n, old));
      }
      assertEquals(List.of(), j.history(key("old-0")), "older than the retention: forgotten as segments filled");
      assertEquals(List.of(classified("old-2999", old)), j.history(key("old-2999")),
          "the segment being written is kept");
      assertEquals(1, JournalFiles.segments(journal).size(), "every sealed segment went");
    }
  }

  @Test
  void aRecordThatCannotBeReadFailsThatReadAndTheJournalKeepsWriting() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.open(journal)) {
      j.classify(classified("ev-damaged", Instant.now()));
    }
    Path first = JournalFiles.lastSegment(journal);
    long size = Files.size(first);
    try (FileJournal j = FileJournal.open(journal)) {
      j.rotate();
      j.classify(classified("ev-kept", Instant.now()));
    }
    assertEquals(2, JournalFiles.segments(journal).size());
    assertEquals(size, Files.size(first), "the first segment holds ev-damaged's record only");
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xA5}), size - 3); // inside the record: its checksum fails
    }
    try (FileJournal j = FileJournal.open(journal)) {
      JournalException e = assertThrows(JournalException.class, () -> j.history(key("ev-damaged")));
      assertTrue(e.getMessage().contains(journal.toString()) && e.getMessage().contains("checksum"), e.getMessage());
      assertTrue(j.health().writable(), "a record that cannot be read is not a failed write: " + j.health());
      assertEquals(1, j.history(key("ev-kept")).size());
      j.classify(classified("ev-new", Instant.now()));
      assertEquals(1, j.history(key("ev-new")).size(), "the journal keeps writing");
    }
  }
}
