package io.edrplaybook.testkit.journal;

import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.testkit.ExecutionJournalConformanceKit;
import java.nio.file.Path;

/** The file journal keeps the journal contract, across restarts. */
class FileJournalConformanceTest extends ExecutionJournalConformanceKit {
  @Override
  protected ExecutionJournal open(Path dir) {
    return FileJournal.builder(dir.resolve("journal")).segmentSize(64 * 1024).open();
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected void beforeNewerEntries(ExecutionJournal journal) {
    ((FileJournal) journal).rotate();
  }
}
