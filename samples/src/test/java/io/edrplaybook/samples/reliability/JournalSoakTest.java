package io.edrplaybook.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many events through an engine on a {@code FileJournal} in a JVM with a small heap; stop; start
 * again on the same directory; resubmit a sample of the old events: nothing runs again, and their
 * histories are complete. The short version runs in {@code mvn verify}; the long one (5 000 000
 * events, {@code -Xmx256m}) with {@code -Dgroups=long-soak -Dsoak.exclude=none}.
 */
class JournalSoakTest {
  @TempDir
  Path dir;

  @Test
  void shortJournalSoakRestartsAndRunsNothingAgain() throws Exception {
    soak(20_000, "64m");
  }

  @Test
  @Tag("long-soak")
  @Timeout(value = 2, unit = TimeUnit.HOURS)
  void longJournalSoakRestartsAndRunsNothingAgain() throws Exception {
    soak(Long.getLong("soak.journal.events", 5_000_000L), "256m");
  }

  private void soak(long events, String heap) throws Exception {
    Path journal = dir.resolve("journal");
    String first = child(heap, "run", journal, events);
    assertTrue(first.contains("RAN " + events), first);
    String again = child(heap, "again", journal, events);
    long sample = (events + Math.max(1, events / 1000) - 1) / Math.max(1, events / 1000);
    assertTrue(again.contains("AGAIN ran=0 complete=" + sample), again);
  }

  private String child(String heap, String phase, Path journal, long events) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path out = dir.resolve(phase + ".out");
    Process p = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-cp",
        System.getProperty("java.class.path"), JournalSoakChild.class.getName(), phase, journal.toString(),
        String.valueOf(events))).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(phase + " did not end within 60 minutes");
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    String tail = text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    assertEquals(0, p.exitValue(), tail);
    return tail;
  }
}
