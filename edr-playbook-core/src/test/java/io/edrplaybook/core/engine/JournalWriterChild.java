package io.edrplaybook.core.engine;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The child JVM of the SIGKILL test: writes events to a file journal as fast as it can (with
 * large outputs, so that the kill likely lands inside a write) and prints {@code ACK n} after the
 * terminal record of event n returned. Never closes the journal: it waits to be killed.
 */
public final class JournalWriterChild {
  private JournalWriterChild() {}

  public static void main(String[] args) {
    FileJournal journal = FileJournal.builder(Path.of(args[0])).segmentSize(256 * 1024).open();
    String output = "o".repeat(20_000);
    for (int n = 0; ; n++) {
      String ev = "ev-" + n;
      Instant now = Instant.now();
      journal.classify(new ClassificationChange(ev, "acme", Classification.MALICIOUS, Optional.empty(), now,
          Optional.of("Laptops"), "playbook Laptops applies"));
      Invocation i = new Invocation("run-" + Long.toHexString(n + 1), ev, "acme", Classification.MALICIOUS, "Block",
          "Edge FW", "fw.py", "fake", "jb-1", false, 1);
      journal.claim(i);
      journal.started(new InvocationStarted(i, now));
      journal.finished(new InvocationResult(i, InvocationStatus.SUCCEEDED, now, Duration.ofMillis(3), "blocked",
          Optional.of(Map.of("message", "blocked", "n", n)), output, false, Optional.empty()));
      System.out.println("ACK " + n);
      System.out.flush();
    }
  }
}
