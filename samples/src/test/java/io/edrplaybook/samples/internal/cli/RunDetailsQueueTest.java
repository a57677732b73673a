package io.edrplaybook.samples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 17 item 11: history --details shows how long a run waited for a lane slot. */
class RunDetailsQueueTest {
  private static final Instant AT = Instant.parse("2026-11-30T10:15:30Z");
  private static final Invocation INV = new Invocation("inv-1", "ev-1", "acme", Classification.MALICIOUS, "Block",
      "FW", "fw.py", "jython", "jb-1", false, 1);

  @Test
  void detailsShowTheQueueTimeOfARunThatWaited() {
    List<HistoryEntry> entries = List.of(new InvocationStarted(INV, AT, Duration.ofMillis(10_250)),
        InvocationResult.notRun(INV, InvocationStatus.SUCCEEDED, AT, "ok"));
    String out = String.join("\n", RunDetails.render("ev-1", entries, Optional.empty()));
    assertTrue(out.contains("queued:        10250 ms"), out);
  }

  @Test
  void detailsShowNoQueueTimeWhenNoneWasRecorded() {
    List<HistoryEntry> entries = List.of(new InvocationStarted(INV, AT));
    String out = String.join("\n", RunDetails.render("ev-1", entries, Optional.empty()));
    assertFalse(out.contains("queued"), out);
  }
}
