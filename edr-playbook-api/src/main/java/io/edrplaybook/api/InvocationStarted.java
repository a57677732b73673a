package io.edrplaybook.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A run was handed to its runner. A durable journal writes this before the script starts, so
 * that a run the host never finished is found again as {@link InvocationStatus#INTERRUPTED}.
 *
 * @param invocation the run
 * @param time when it started (after any wait for a lane slot; the run's deadline starts here)
 * @param queued how long the run waited for a lane slot before it started; {@link Duration#ZERO}
 *     when unknown (an entry written before this was recorded)
 */
public record InvocationStarted(Invocation invocation, Instant time, Duration queued) implements HistoryEntry {

  /** Validates. */
  public InvocationStarted {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(queued, "queued");
    if (queued.isNegative()) {
      throw new IllegalArgumentException("queued must not be negative, got " + queued);
    }
  }

  /** A start whose queue time is unknown ({@link Duration#ZERO}). */
  public InvocationStarted(Invocation invocation, Instant time) {
    this(invocation, time, Duration.ZERO);
  }

  @Override
  public String eventId() {
    return invocation.eventId();
  }

  @Override
  public String organization() {
    return invocation.organization();
  }
}
