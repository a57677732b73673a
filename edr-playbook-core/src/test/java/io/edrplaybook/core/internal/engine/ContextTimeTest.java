package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ctx["event"]["time"] is formatted without a DateTimeFormatter per event, and prints the same. */
class ContextTimeTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Test
  void printsWhatTheReferenceFormatterPrintsAcrossEveryYear() {
    SplittableRandom random = new SplittableRandom(14);
    long min = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+10100-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
      assertEquals(REFERENCE.format(t), ContextFactory.time(t), t::toString);
    }
  }

  @Test
  void edgesOfTheFastRangeLeapDaysAndTheEpoch() {
    for (String s : new String[] {"0000-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
        "1970-01-01T00:00:00Z", "2000-02-29T12:00:00.5Z", "2100-02-28T23:59:59Z", "2100-03-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "2026-01-01T09:00:00.123456789Z"}) {
      Instant t = Instant.parse(s);
      assertEquals(REFERENCE.format(t), ContextFactory.time(t), s);
    }
  }
}
