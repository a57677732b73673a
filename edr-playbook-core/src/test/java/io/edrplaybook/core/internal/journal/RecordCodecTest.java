package io.edrplaybook.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.ScriptError;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every record reads back as it was written, whatever its ids and strings look like. */
class RecordCodecTest {
  private static final Instant AT = Instant.parse("2026-11-30T10:15:30.123456789Z");

  @TempDir
  Path dir;

  private Rec roundTrip(RecordCodec codec, int type, HistoryEntry entry, Invocation inv, EventKey event,
      Instant time, EventSummary snapshot) throws Exception {
    Out out = new Out(16);
    codec.encode(out, type, 42, event, time, entry, inv, snapshot);
    Rec r = codec.decode(1000, out.array(), 0, out.size(), true);
    assertEquals(958, r.previous(), "the back-pointer is a distance");
    return r;
  }

  @Test
  void everyIdShapeAndStringReadsBack() throws Exception {
    try (Names names = new Names(dir.resolve("names.dat"))) {
      RecordCodec codec = new RecordCodec(names);
      String longName = "n".repeat(300);
      for (String id : List.of("0d5c2a1e-7f3b-4c1d-9e2a-5b6c7d8e9f00", "3f2a9c1e-5b7d-1a", "inv-0", "inv-01", "x",
          "a-ffffffffffffffff", "A-FF", "-5", "id ü 東京")) {
        Invocation inv = new Invocation(id, "ev ü/1", "org", Classification.LIKELY_SAFE, "Block", longName, "s.py",
            "jython", "jb", id.length() % 2 == 0, 3);
        InvocationResult r = new InvocationResult(inv, InvocationStatus.FAILED, AT, Duration.ofNanos(1_234_567_891),
            "msg ✓", Optional.of(Map.of("n", 12345678901234L, "list", Arrays.asList(1, null, "two"), "m",
                Map.of("x", true))), "out\nput", true,
            Optional.of(new ScriptError("ValueError", "bad ü", "Traceback\n  line 1", true)));
        Rec back = roundTrip(codec, Rec.FINISHED, r, inv, inv.eventKey(), r.startedAt(), null);
        assertEquals(r, back.entry(), "result with id " + id);
        assertEquals(r.time(), back.time());
        Rec started = roundTrip(codec, Rec.STARTED, new InvocationStarted(inv, AT), inv, inv.eventKey(), AT, null);
        assertEquals(new InvocationStarted(inv, AT), started.entry(), "start with id " + id);
        assertEquals(inv, roundTrip(codec, Rec.CLAIM, null, inv, inv.eventKey(), AT, null).invocation());
      }
      ClassificationChange c = new ClassificationChange("ev", "org", Classification.PUP,
          Optional.of(Classification.MALICIOUS), Instant.EPOCH.minusSeconds(5), Optional.empty(), "x".repeat(2000));
      assertEquals(c, roundTrip(codec, Rec.CLASSIFY, c, null, c.eventKey(), c.time(), null).entry());
    }
  }

  @Test
  void aStateRecordCarriesClassificationClaimsAndEndedRuns() throws Exception {
    try (Names names = new Names(dir.resolve("names.dat"))) {
      RecordCodec codec = new RecordCodec(names);
      EventKey event = new EventKey("org", "ev-1");
      EventSummary s = new EventSummary(event);
      Invocation a = new Invocation("inv-1", "ev-1", "org", Classification.MALICIOUS, "Block", "FW", "s", "r", "j",
          false, 1);
      Invocation b = new Invocation("inv-2", "ev-1", "org", Classification.MALICIOUS, "Notify", "Slack", "s", "r", "j",
          false, 1);
      s.apply(new Rec(Rec.CLASSIFY, 10, 0, event, AT, new ClassificationChange("ev-1", "org",
          Classification.MALICIOUS, Optional.empty(), AT, Optional.empty(), ""), null));
      s.apply(new Rec(Rec.CLAIM, 20, 10, event, AT, null, a));
      s.apply(new Rec(Rec.STARTED, 30, 20, event, AT, new InvocationStarted(a, AT), a));
      s.apply(new Rec(Rec.FINISHED, 40, 30, event, AT, InvocationResult.notRun(a, InvocationStatus.SUCCEEDED, AT,
          "ok"), a));
      s.apply(new Rec(Rec.CLAIM, 50, 40, event, AT, null, b));
      EventSummary back = roundTrip(codec, Rec.STATE, null, null, event, AT, s).snapshot();
      assertEquals(s.state(), back.state());
      assertEquals(InvocationStatus.SUCCEEDED, back.run(a.runKey()).last);
      assertEquals("inv-2", back.run(b.runKey()).holder);
      assertEquals(null, back.run(b.runKey()).last);
      assertEquals(true, back.ended("inv-1"));
      assertEquals(s.lastEntry, back.lastEntry);
    }
  }

  @Test
  void aRecordCutShortIsNotRead() throws Exception {
    try (Names names = new Names(dir.resolve("names.dat"))) {
      RecordCodec codec = new RecordCodec(names);
      Invocation inv = new Invocation("inv-1", "ev", "org", Classification.MALICIOUS, "a", "c", "s", "r", "j", false,
          1);
      Out out = new Out(16);
      codec.encode(out, Rec.STARTED, 0, inv.eventKey(), AT, new InvocationStarted(inv, AT), inv, null);
      assertThrows(IllegalArgumentException.class, () -> codec.decode(0, out.array(), 0, out.size() - 3, true));
    }
  }

  @Test
  void aStartKeepsItsQueueTime() throws Exception {
    try (Names names = new Names(dir.resolve("names.dat"))) {
      RecordCodec codec = new RecordCodec(names);
      Invocation inv = new Invocation("inv-1", "ev", "org", Classification.MALICIOUS, "a", "c", "s", "r", "j", false,
          1);
      InvocationStarted s = new InvocationStarted(inv, AT, Duration.ofNanos(10_000_123_456L));
      assertEquals(s, roundTrip(codec, Rec.STARTED, s, inv, inv.eventKey(), AT, null).entry());
    }
  }

  @Test
  void anOldStartWithoutQueueTimeReadsAsZero() throws Exception {
    try (Names names = new Names(dir.resolve("names.dat"))) {
      RecordCodec codec = new RecordCodec(names);
      Invocation inv = new Invocation("inv-1", "ev", "org", Classification.MALICIOUS, "a", "c", "s", "r", "j", false,
          1);
      Out queued = new Out(16);
      codec.encode(queued, Rec.STARTED, 0, inv.eventKey(), AT, new InvocationStarted(inv, AT, Duration.ofMillis(7)),
          inv, null);
      Out old = new Out(16);
      codec.encode(old, Rec.STARTED, 0, inv.eventKey(), AT, new InvocationStarted(inv, AT), inv, null);
      // the old layout: the same record with the queue time left off its end
      assertEquals(true, old.size() < queued.size(), "the queue time takes bytes only when known");
      assertEquals(Arrays.toString(Arrays.copyOf(queued.array(), old.size())),
          Arrays.toString(Arrays.copyOf(old.array(), old.size())));
      Rec back = codec.decode(0, queued.array(), 0, old.size(), true);
      assertEquals(Duration.ZERO, ((InvocationStarted) back.entry()).queued());
      assertEquals(inv, back.invocation());
    }
  }
}
