package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.JournalEntries.NOW;
import static io.edrplaybook.core.engine.JournalEntries.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.JournalHealth;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A caller whose thread is interrupted (a host's request timeout, a pool shut down) writes and
 * reads like any other, keeps its interrupt, and leaves the journal working for everyone else.
 */
class FileJournalInterruptTest {
  @TempDir
  Path dir;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static ClassificationChange classified(String eventId) {
    return new ClassificationChange(eventId, "acme", Classification.MALICIOUS, Optional.empty(), NOW,
        Optional.of("Laptops"), "playbook \"Laptops\" applies");
  }

  @ParameterizedTest
  @EnumSource(FileJournal.Sync.class)
  void anInterruptedCallerWritesAndTheJournalKeepsWorking(FileJournal.Sync sync) {
    try (FileJournal j = FileJournal.open(dir.resolve("journal"), sync)) {
      Thread.currentThread().interrupt();
      j.classify(classified("ev-1"));
      assertTrue(Thread.interrupted(), "the caller keeps its interrupt");
      j.classify(classified("ev-2"));
      assertEquals(new JournalHealth(true, Optional.empty()), j.health());
    }
    try (FileJournal j = FileJournal.open(dir.resolve("journal"), sync)) {
      assertEquals(1, j.history(new EventKey("acme", "ev-1")).size(), "the interrupted caller's record is kept");
      assertEquals(1, j.history(new EventKey("acme", "ev-2")).size());
    }
  }

  @Test
  void anInterruptedCallerReadsWhatIsThere() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = FileJournal.open(dir.resolve("journal"))) {
      assertTrue(j.claim(i).granted());
      j.started(new InvocationStarted(i, NOW));
      Thread.currentThread().interrupt();
      assertEquals(1, j.history(i.eventKey()).size());
      assertTrue(Thread.interrupted(), "the caller keeps its interrupt");
      j.classify(classified("ev-2"));
      assertEquals(new JournalHealth(true, Optional.empty()), j.health());
    }
  }

  @Test
  void interruptsThatLandDuringTheJournalsFileOperationsLeaveItWorking() throws Exception {
    int events = 200;
    try (FileJournal j = FileJournal.open(dir.resolve("journal"), FileJournal.Sync.FSYNC)) {
      Thread writer = Thread.currentThread();
      AtomicBoolean done = new AtomicBoolean();
      // interrupts the writer all along, so that some land while a write or an fsync is under way
      Thread interrupter = new Thread(() -> {
        while (!done.get()) {
          writer.interrupt();
          Thread.onSpinWait();
        }
      });
      interrupter.start();
      try {
        for (int i = 0; i < events; i++) {
          j.classify(classified("ev-" + i));
        }
      } finally {
        done.set(true);
        for (int k = 0; k < 3 && interrupter.isAlive(); k++) {
          try {
            interrupter.join(10_000);
          } catch (InterruptedException last) {
            // the interrupter's last ones
          }
        }
        Thread.interrupted();
      }
      assertEquals(new JournalHealth(true, Optional.empty()), j.health());
    }
    try (FileJournal j = FileJournal.open(dir.resolve("journal"))) {
      for (int i = 0; i < events; i++) {
        assertEquals(1, j.history(new EventKey("acme", "ev-" + i)).size(), "ev-" + i);
      }
    }
  }
}
