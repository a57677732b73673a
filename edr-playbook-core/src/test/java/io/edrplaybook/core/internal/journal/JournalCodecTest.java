package io.edrplaybook.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoScheduled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The JSON form of history entries: each kind is written as the lines journals already hold (a file
 * journal's lines and the PostgreSQL journal's entries stay readable both ways); a start carries its
 * queue time; an entry written before it reads as ZERO.
 */
class JournalCodecTest {
  private static final Instant AT = Instant.parse("2026-11-30T10:15:30.123456789Z");
  private static final Invocation INV = new Invocation("inv-1", "ev", "org", Classification.MALICIOUS, "a", "c",
      "s.py", "jython", "jb", false, 1);

  @Test
  void aStartKeepsItsQueueTime() {
    InvocationStarted s = new InvocationStarted(INV, AT, Duration.ofNanos(10_000_123_456L));
    assertEquals(s, JournalCodec.decode(JournalCodec.encode(s)));
  }

  @Test
  void anOldStartWithoutQueueTimeReadsAsZero() {
    String old = JournalCodec.encode(new InvocationStarted(INV, AT));
    assertFalse(old.contains("queued"), "an unknown queue time is not written: " + old);
    InvocationStarted back = (InvocationStarted) JournalCodec.decode(old);
    assertEquals(Duration.ZERO, back.queued());
    assertEquals(INV, back.invocation());
  }

  @Test
  void everyKindOfEntryIsWrittenAsTheLinesJournalsAlreadyHoldAndReadsBack() throws IOException {
    Invocation inv = new Invocation("inv-1", "ev \"1\"", "org", Classification.MALICIOUS, "Block\nAddress", "fw",
        "s.py", "jython", "jb", false, 2);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("s", "\u00e9\u0001");
    result.put("n", 3);
    result.put("l", 12345678901L);
    result.put("d", 1.5);
    result.put("b", true);
    result.put("z", null);
    result.put("list", List.of(1, "two", Map.of("k", "v")));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", "ev-1");
    event.put("device", Map.of("name", "LAPTOP"));
    List<HistoryEntry> entries = List.of(
        new ClassificationChange("ev-1", "org", Classification.PUP, Optional.empty(), AT, Optional.empty(), "first"),
        new ClassificationChange("ev-1", "org", Classification.MALICIOUS, Optional.of(Classification.PUP), AT,
            Optional.of("Default"), ""),
        new InvocationStarted(inv, AT),
        new InvocationStarted(inv, AT, Duration.ofMillis(7)),
        new InvocationResult(inv, InvocationStatus.SUCCEEDED, AT, Duration.ofNanos(1234), "done", Optional.of(result),
            "out\n", false, Optional.empty()),
        new InvocationResult(inv, InvocationStatus.FAILED, AT, Duration.ofMillis(3), "failed", Optional.empty(), "",
            true, Optional.of(new ScriptError("ValueError", "bad \"x\"", "Traceback...\n", true))),
        new AwaitingApproval(inv, AT, AT.plusSeconds(60), ApprovalGate.OnExpiry.DENY, event, "needs a person"),
        new UndoScheduled(inv, AT, Optional.of(AT.plusSeconds(3600)),
            EnumSet.of(Classification.LIKELY_SAFE, Classification.PUP), event),
        new UndoScheduled(inv, AT, Optional.empty(), EnumSet.of(Classification.SUSPICIOUS), event),
        new UndoEnded(inv, true, Optional.of("inv-2"), "reclassified", AT),
        new UndoEnded(inv, false, Optional.empty(), "expired", AT),
        new ApprovalDecision(inv, ApprovalDecision.Verdict.DENIED, "alice", "no", AT));
    List<String> lines;
    try (InputStream in = JournalCodecTest.class.getResourceAsStream("every-kind-of-entry.jsonl")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertEquals(entries.size(), lines.size());
    for (int k = 0; k < entries.size(); k++) {
      assertEquals(lines.get(k), JournalCodec.encode(entries.get(k)), "entry " + k);
      assertEquals(entries.get(k), JournalCodec.decode(lines.get(k)), "line " + k);
    }
  }
}
