package io.edrplaybook.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A run was handed to its runner. A durable journal writes this before the script starts, so
 * that a run the host never finished is found again as {@link InvocationStatus#INTERRUPTED}.
 *
 * @param invocation the run
 * @param time when it started
 */
public record InvocationStarted(Invocation invocation, Instant time) implements HistoryEntry {

  /** Validates. */
  public InvocationStarted {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(time, "time");
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
