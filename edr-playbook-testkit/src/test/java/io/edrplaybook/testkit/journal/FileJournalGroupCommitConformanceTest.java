package io.edrplaybook.testkit.journal;

import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.testkit.ExecutionJournalConformanceKit;
import java.nio.file.Path;
import java.time.Duration;

/** The file journal with fsync and group commit keeps the journal contract too. */
class FileJournalGroupCommitConformanceTest extends ExecutionJournalConformanceKit {
  @Override
  protected ExecutionJournal open(Path dir) {
    return FileJournal.builder(dir.resolve("journal")).sync(FileJournal.Sync.FSYNC).groupCommit(Duration.ZERO)
        .segmentSize(64 * 1024).open();
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
