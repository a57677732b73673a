package io.edrplaybook.api;

import io.edrplaybook.api.internal.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The terminal record of one run: every invocation ends in exactly one. Secrets are already
 * masked in everything it holds.
 *
 * @param invocation the run
 * @param status how it ended
 * @param startedAt when it started (for a run that never started: when it was given up)
 * @param duration how long it ran
 * @param message the one-line summary shown in the classification details: the script's
 *     {@code "message"}, the error, or the reason it was rejected or cancelled
 * @param result what the script returned, empty when it returned {@code None} or failed
 * @param output captured {@code print} output (stdout and stderr), capped
 * @param outputTruncated whether the output was cut at the cap
 * @param error why it failed, when it failed
 */
public record InvocationResult(Invocation invocation, InvocationStatus status, Instant startedAt,
    Duration duration, String message, Optional<Map<String, Object>> result, String output,
    boolean outputTruncated, Optional<ScriptError> error) implements HistoryEntry {

  /** Validates and copies. */
  public InvocationResult {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(error, "error");
    message = message == null ? "" : message;
    output = output == null ? "" : output;
    result = result.map(r -> JsonValues.copy("result", r));
  }

  @Override
  public String eventId() {
    return invocation.eventId();
  }

  @Override
  public String organization() {
    return invocation.organization();
  }

  /** Returns when the run ended. */
  @Override
  public Instant time() {
    return startedAt.plus(duration);
  }

  /** A result for a run that never ran: rejected or cancelled before it started. */
  public static InvocationResult notRun(Invocation invocation, InvocationStatus status, Instant at,
      String reason) {
    return new InvocationResult(invocation, status, at, Duration.ZERO, reason, Optional.empty(), "",
        false, Optional.empty());
  }
}
