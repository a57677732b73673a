package io.edrplaybook.core.internal.config;

import java.time.Duration;

/**
 * The range of every number and duration of a configuration file, checked at load with the
 * value's path, so that nothing out of range reaches the engine (where a duration of
 * {@code PT999999999999H} would overflow). docs/configuration.md lists the same.
 */
final class Ranges {
  /** {@code actions[].timeout}: 1 ms to 24 h. */
  static final Duration TIMEOUT_MIN = Duration.ofMillis(1);
  static final Duration TIMEOUT_MAX = Duration.ofHours(24);
  /** {@code actions[].retry.maxAttempts}: 1 to 100. */
  static final int ATTEMPTS_MAX = 100;
  /** {@code actions[].retry.initialBackoff}: 0 to 1 h. */
  static final Duration INITIAL_BACKOFF_MAX = Duration.ofHours(1);
  /** {@code actions[].retry.maxBackoff}: 0 to 24 h. */
  static final Duration MAX_BACKOFF_MAX = Duration.ofHours(24);
  /** {@code connectors[].limits.maxConcurrent} and {@code burst}: 0 to 10 000. */
  static final int LIMIT_MAX = 10_000;
  /** {@code connectors[].limits.ratePerSecond}: 0 (no limit), or 0.001 (one run in ~17 min) to 10 000. */
  static final double RATE_MIN = 0.001;
  static final double RATE_MAX = 10_000;

  private Ranges() {}
}
