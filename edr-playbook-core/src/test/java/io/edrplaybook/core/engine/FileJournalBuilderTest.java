package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.JournalEntries.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a file journal's builder accepts, and what it refuses with the value it was given. */
class FileJournalBuilderTest {
  @TempDir
  Path dir;

  private static void assertRefused(String expected, Runnable setting) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setting::run);
    assertEquals(expected, e.getMessage());
  }

  /** Opens a journal built by {@code b} and writes one classification: the setting works. */
  private void assertOpensAndWrites(FileJournal.Builder b) {
    try (FileJournal j = b.open()) {
      j.classify(new ClassificationChange("ev-1", "acme", Classification.MALICIOUS, Optional.empty(), NOW,
          Optional.empty(), "test"));
      assertTrue(j.event(new EventKey("acme", "ev-1")).isPresent());
    }
  }

  @Test
  void aSegmentSizeBelow64KiBIsRefused() {
    assertRefused("segmentSize must be at least 65536 bytes, was 65535",
        () -> FileJournal.builder(dir.resolve("j")).segmentSize(65_535));
    assertOpensAndWrites(FileJournal.builder(dir.resolve("j")).segmentSize(65_536));
  }

  @Test
  void aRetentionMustBePositive() {
    assertRefused("retention must be positive, was PT0S",
        () -> FileJournal.builder(dir.resolve("j")).retention(Duration.ZERO));
    assertRefused("retention must be positive, was PT-1S",
        () -> FileJournal.builder(dir.resolve("j")).retention(Duration.ofSeconds(-1)));
    assertOpensAndWrites(FileJournal.builder(dir.resolve("j")).retention(Duration.ofNanos(1)));
  }

  @Test
  void theEventCacheHoldsAtLeast16Events() {
    assertRefused("cacheEvents must be at least 16, was 15", () -> FileJournal.builder(dir.resolve("j")).cacheEvents(15));
    assertOpensAndWrites(FileJournal.builder(dir.resolve("j")).cacheEvents(16));
  }

  @Test
  void aGroupCommitWindowIsBetweenZeroAndOneSecond() {
    assertRefused("the group commit window must be between 0 and 1 s, was PT-0.000000001S",
        () -> FileJournal.builder(dir.resolve("j")).groupCommit(Duration.ofNanos(-1)));
    assertRefused("the group commit window must be between 0 and 1 s, was PT1.000000001S",
        () -> FileJournal.builder(dir.resolve("j")).groupCommit(Duration.ofSeconds(1).plusNanos(1)));
    assertOpensAndWrites(FileJournal.builder(dir.resolve("a")).sync(FileJournal.Sync.FSYNC).groupCommit(Duration.ZERO));
    // the longest window is accepted (not opened here: each write would wait up to the window)
    FileJournal.builder(dir.resolve("b")).groupCommit(Duration.ofSeconds(1));
  }
}
