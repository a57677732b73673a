package io.edrplaybook.core.engine;

import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;

/** The child JVM of the second-writer test: opens a file journal, says OPEN, waits for its stdin to close. */
public final class JournalHolderChild {
  private JournalHolderChild() {}

  public static void main(String[] args) throws Exception {
    try (FileJournal journal = FileJournal.open(Path.of(args[0]))) {
      System.out.println("OPEN");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the journal until the parent closes our stdin or kills us
      }
    }
  }
}
