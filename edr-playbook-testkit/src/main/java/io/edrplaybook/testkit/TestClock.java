package io.edrplaybook.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of a {@link PlaybookTestKit}'s engine: the system's UTC clock plus an offset that a
 * test moves forward with {@link #advance(Duration)}, so that what is due later (an approval
 * window's end, a scheduled undo) becomes due now without waiting. Time still flows between
 * advances. Thread-safe.
 */
public final class TestClock extends Clock {
  private final Clock base;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** A clock that reads the system's UTC time until advanced. */
  public TestClock() {
    this(Clock.systemUTC());
  }

  private TestClock(Clock base) {
    this.base = base;
  }

  /**
   * Moves the clock forward by {@code by}.
   *
   * @param by how far; not negative
   * @return this clock
   */
  public TestClock advance(Duration by) {
    Objects.requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("a test clock only moves forward; advance(" + by + ")");
    }
    offset.updateAndGet(o -> o.plus(by));
    return this;
  }

  /** Returns how far the clock was moved forward in all. */
  public Duration advanced() {
    return offset.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }
}
