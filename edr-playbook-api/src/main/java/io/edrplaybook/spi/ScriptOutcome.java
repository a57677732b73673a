package io.edrplaybook.spi;

import io.edrplaybook.api.ScriptError;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a runner reports for one call. A script's failure is an outcome, never an exception.
 *
 * @param status how the call ended
 * @param result the dict the script returned, empty for {@code None} or a failure
 * @param output captured stdout and stderr, capped by the runner; a runner may keep a margin past
 *     its {@code outputCap} setting so that a secret its cut goes through is still whole: the
 *     engine masks secrets first, then cuts at {@code outputCap} with a marker line
 * @param outputTruncated whether the runner cut the output
 * @param error why it failed or timed out; present unless it succeeded
 * @param retryAfter how long the third party asked to wait before the next attempt, when the
 *     script's exception said so ({@code Retry-After} on an HTTP error, or a {@code retry_after}
 *     attribute in seconds); zero to {@link #MAX_RETRY_AFTER}, only on a failure. The engine keeps it
 *     in memory with the attempt and waits at least this long before a retry; it is not recorded
 */
public record ScriptOutcome(Status status, Optional<Map<String, Object>> result, String output,
    boolean outputTruncated, Optional<ScriptError> error, Optional<Duration> retryAfter) {

  /** The longest retry-after hint an outcome carries: one hour. Runners ignore longer hints. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** How a call ended. */
  public enum Status {
    /** {@code run} returned a dict or {@code None}, or the script called {@code sys.exit(0)}. */
    SUCCEEDED,
    /** It raised, exited non-zero, returned something else, or its process died. */
    FAILED,
    /** It ran past the deadline and was stopped. */
    TIMED_OUT
  }

  /** Validates. */
  public ScriptOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(retryAfter, "retryAfter");
    output = output == null ? "" : output;
    if (status != Status.SUCCEEDED && error.isEmpty()) {
      throw new IllegalArgumentException("a " + status + " outcome needs an error");
    }
    if (retryAfter.isPresent()) {
      Duration d = retryAfter.get();
      if (d.isNegative() || d.compareTo(MAX_RETRY_AFTER) > 0) {
        throw new IllegalArgumentException("retryAfter must be between 0 and " + MAX_RETRY_AFTER + ", was " + d);
      }
      if (status == Status.SUCCEEDED) {
        throw new IllegalArgumentException("a SUCCEEDED outcome has no retryAfter, was " + d);
      }
    }
  }

  /** An outcome without a retry-after hint. */
  public ScriptOutcome(Status status, Optional<Map<String, Object>> result, String output, boolean outputTruncated,
      Optional<ScriptError> error) {
    this(status, result, output, outputTruncated, error, Optional.empty());
  }

  /**
   * Returns this outcome with the retry-after hint {@code retryAfter} (null for none).
   *
   * @throws IllegalArgumentException when it is negative or longer than {@link #MAX_RETRY_AFTER},
   *     or this outcome succeeded
   */
  public ScriptOutcome withRetryAfter(Duration retryAfter) {
    return new ScriptOutcome(status, result, output, outputTruncated, error, Optional.ofNullable(retryAfter));
  }

  /** The script returned {@code result} (null for {@code None}). */
  public static ScriptOutcome succeeded(Map<String, Object> result, String output, boolean truncated) {
    return new ScriptOutcome(Status.SUCCEEDED, Optional.ofNullable(result), output, truncated,
        Optional.empty());
  }

  /** The script failed with {@code error}. */
  public static ScriptOutcome failed(ScriptError error, String output, boolean truncated) {
    return new ScriptOutcome(Status.FAILED, Optional.empty(), output, truncated, Optional.of(error));
  }

  /** The script ran past its deadline; {@code message} says so. */
  public static ScriptOutcome timedOut(String message, String output, boolean truncated) {
    return new ScriptOutcome(Status.TIMED_OUT, Optional.empty(), output, truncated,
        Optional.of(ScriptError.of("TimeoutError", message)));
  }
}
