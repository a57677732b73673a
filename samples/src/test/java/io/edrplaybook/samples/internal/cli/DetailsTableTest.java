package io.edrplaybook.samples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 13 item 17: a printed history reads top to bottom by the time each row shows. */
class DetailsTableTest {
  private static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");

  private static InvocationResult run(String connector, int startMs, int durationMs) {
    Invocation i = new Invocation("id-" + connector, "ev-1", "acme", Classification.MALICIOUS, "Notify", connector,
        "s", "jython", "jb-1", false, 1);
    return new InvocationResult(i, InvocationStatus.SUCCEEDED, T0.plusMillis(startMs), Duration.ofMillis(durationMs),
        "ok " + connector, Optional.empty(), "", false, Optional.empty());
  }

  @Test
  void runsArePrintedInTheOrderTheyStartedUnderAColumnThatSaysSo() {
    ClassificationChange c = new ClassificationChange("ev-1", "acme", Classification.MALICIOUS, Optional.empty(),
        T0, Optional.of("Default"), "");
    // the journal orders by end: the slow run that started first ended last
    List<HistoryEntry> entries = List.of(c, run("fast", 20, 5), run("slow", 10, 100));
    List<String> lines = DetailsTable.render(ClassificationDetails.fromJournal(new EventKey("acme", "ev-1"), entries));
    assertTrue(lines.get(1).startsWith("STARTED (UTC)"), lines.toString());
    int slow = indexOf(lines, "ok slow");
    int fast = indexOf(lines, "ok fast");
    assertTrue(slow > 2 && fast > slow, lines.toString());
    assertEquals(6, lines.size(), lines.toString()); // title, header, rule, three rows
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
