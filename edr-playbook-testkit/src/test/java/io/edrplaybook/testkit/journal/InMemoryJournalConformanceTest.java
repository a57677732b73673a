package io.edrplaybook.testkit.journal;

import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.testkit.ExecutionJournalConformanceKit;
import java.nio.file.Path;

/** The in-memory journal keeps the journal contract. */
class InMemoryJournalConformanceTest extends ExecutionJournalConformanceKit {
  @Override
  protected ExecutionJournal open(Path dir) {
    return new InMemoryJournal();
  }
}
