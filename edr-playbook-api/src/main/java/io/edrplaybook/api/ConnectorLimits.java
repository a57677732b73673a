package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;

/**
 * Limits that protect a third-party system from its own playbooks: how many runs on one connector
 * at once, and how many start per second (a token bucket). Work over a limit waits its turn;
 * only work beyond the queue bound is rejected, and that is recorded, never dropped silently.
 *
 * @param maxConcurrent runs at once on the connector; 0 for no limit
 * @param ratePerSecond runs started per second on average; 0 for no limit
 * @param burst runs that may start at once after a quiet spell (the bucket's size); at least 1
 *     when a rate is set
 */
public record ConnectorLimits(int maxConcurrent, double ratePerSecond, int burst) {

  /** No limit beyond the JumpBox lane's. */
  public static final ConnectorLimits NONE = new ConnectorLimits(0, 0, 0);

  /** Validates. */
  public ConnectorLimits {
    Problems p = new Problems();
    if (maxConcurrent < 0) {
      p.add("limits.maxConcurrent", "must be 0 (no limit) or more, was " + maxConcurrent);
    }
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
      p.add("limits.ratePerSecond", "must be 0 (no limit) or a positive number, was " + ratePerSecond);
    }
    if (ratePerSecond > 0 && burst < 1) {
      p.add("limits.burst", "must be at least 1 when a rate is set, was " + burst);
    }
    p.throwIfAny("connector limits");
  }

  /** At most {@code maxConcurrent} runs at once. */
  public static ConnectorLimits concurrency(int maxConcurrent) {
    return new ConnectorLimits(maxConcurrent, 0, 0);
  }

  /** At most {@code ratePerSecond} runs a second, {@code burst} at once. */
  public static ConnectorLimits rate(double ratePerSecond, int burst) {
    return new ConnectorLimits(0, ratePerSecond, burst);
  }

  /** Returns whether this limits nothing. */
  public boolean isUnlimited() {
    return maxConcurrent == 0 && ratePerSecond == 0;
  }
}
