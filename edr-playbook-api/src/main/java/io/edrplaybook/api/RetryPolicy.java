package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.time.Duration;

/**
 * How an action's runs are retried. A run is retried only when it did not start (no worker, the
 * queue timed out) or when its failure is transient: declared so by the script, or recognised by
 * the engine from the error's type and message (HTTP 429 and 5xx, connection errors, socket
 * timeouts, SMTP 4xx replies; the README lists them) unless {@code transientErrors} is false; a
 * timed-out run only when the action is idempotent. Every attempt is recorded in the
 * classification details.
 *
 * <p>When the failed attempt's outcome carries a retry-after hint
 * ({@link io.edrplaybook.spi.ScriptOutcome#retryAfter()}: a {@code Retry-After} header or a
 * {@code retry_after} attribute on the script's exception), the wait before the next attempt is the
 * larger of the backoff and the hint: the hint is honoured beyond {@code maxBackoff}, up to
 * {@link io.edrplaybook.spi.ScriptOutcome#MAX_RETRY_AFTER} (1 hour).
 *
 * @param maxAttempts attempts in all, the first included; 1 means no retry
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff the longest backoff between attempts (the wait doubles, with jitter, up to it);
 *     a longer retry-after hint from the third party still applies, up to 1 hour
 * @param transientErrors whether failures are recognised as transient from their error type and
 *     message (default true); false leaves it to the script ({@code transient = True})
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, boolean transientErrors) {

  /** No retries: one attempt. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  /** A policy that recognises transient failures from their error type and message. */
  public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    this(maxAttempts, initialBackoff, maxBackoff, true);
  }

  /** Validates. */
  public RetryPolicy {
    Problems p = new Problems();
    if (maxAttempts < 1 || maxAttempts > 100) {
      p.add("maxAttempts", "must be between 1 and 100, was " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      p.add("initialBackoff", "must be zero or positive, was " + initialBackoff);
    }
    if (maxBackoff == null || maxBackoff.isNegative()) {
      p.add("maxBackoff", "must be zero or positive, was " + maxBackoff);
    }
    p.throwIfAny("retry policy");
  }

  /** {@code attempts} attempts, starting at {@code initialBackoff}, capped at 30 seconds. */
  public static RetryPolicy attempts(int attempts, Duration initialBackoff) {
    Duration cap = Duration.ofSeconds(30);
    return new RetryPolicy(attempts, initialBackoff, initialBackoff.compareTo(cap) > 0 ? initialBackoff : cap);
  }
}
