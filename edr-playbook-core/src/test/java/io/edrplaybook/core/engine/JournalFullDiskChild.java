package io.edrplaybook.core.engine;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The child JVM of the failed-write test, started under a file size limit: writes events until a
 * write fails, then reports what the journal said ({@code FAILED}, {@code HEALTH}, and whether the
 * next write is {@code REFUSED}), and closes it.
 */
public final class JournalFullDiskChild {
  private JournalFullDiskChild() {}

  public static void main(String[] args) {
    FileJournal journal = FileJournal.builder(Path.of(args[0])).segmentSize(8L << 20).open();
    String output = "o".repeat(5_000);
    for (int n = 0; ; n++) {
      try {
        write(journal, n, output);
      } catch (JournalException e) {
        System.out.println("FAILED " + e.getMessage().replace('\n', ' '));
        System.out.println("HEALTH " + journal.health());
        try {
          write(journal, n + 1, "");
          System.out.println("ACCEPTED");
        } catch (JournalException again) {
          System.out.println("REFUSED " + again.getMessage().replace('\n', ' '));
        }
        journal.close();
        System.out.println("DONE");
        return;
      }
      System.out.println("ACK " + n);
    }
  }

  private static void write(FileJournal journal, int n, String output) {
    String ev = "ev-" + n;
    Instant now = Instant.now();
    journal.classify(new ClassificationChange(ev, "acme", Classification.MALICIOUS, Optional.empty(), now,
        Optional.of("Laptops"), "playbook Laptops applies"));
    Invocation i = new Invocation("run-" + Long.toHexString(n + 1), ev, "acme", Classification.MALICIOUS, "Block",
        "Edge FW", "fw.py", "fake", "jb-1", false, 1);
    journal.claim(i);
    journal.started(new InvocationStarted(i, now));
    journal.finished(new InvocationResult(i, InvocationStatus.SUCCEEDED, now, Duration.ofMillis(3), "blocked",
        Optional.of(Map.of("message", "blocked")), output, false, Optional.empty()));
  }
}
