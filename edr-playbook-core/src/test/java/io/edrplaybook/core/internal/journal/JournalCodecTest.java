package io.edrplaybook.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationStarted;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON form of a start carries its queue time; an entry written before it reads as ZERO. */
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
}
