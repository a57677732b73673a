package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.time.Duration;

/**
 * How an action's runs are retried. A run is retried only when it did not start (no worker, the
 * queue timed out) or when its script declared the failure transient; a timed-out run only when
 * the action is idempotent. Every attempt is recorded in the classification details.
 *
 * @param maxAttempts attempts in all, the first included; 1 means no retry
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff the longest wait between attempts (the wait doubles, with jitter, up to it)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** No retries: one attempt. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

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
    p.throwIfAny();
  }

  /** {@code attempts} attempts, starting at {@code initialBackoff}, capped at 30 seconds. */
  public static RetryPolicy attempts(int attempts, Duration initialBackoff) {
    Duration cap = Duration.ofSeconds(30);
    return new RetryPolicy(attempts, initialBackoff, initialBackoff.compareTo(cap) > 0 ? initialBackoff : cap);
  }
}
