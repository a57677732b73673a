package io.edrplaybook.micrometer.internal;

import io.edrplaybook.api.InvocationResult;

/**
 * Why a run was rejected, as a bounded tag value, read from its terminal record's message (the
 * record format has no reason field).
 */
public final class Rejections {
  /** The JumpBox lane's queue was full. */
  public static final String LANE_FULL = "lane_full";
  /** The connector was at its limits and its waiting queue was full. */
  public static final String CONNECTOR_LIMITS = "connector_limits";
  /** The journal failed to take the run. */
  public static final String JOURNAL = "journal";
  /** The runner could not start the call (no worker could be had). */
  public static final String RUNNER_UNAVAILABLE = "runner_unavailable";
  /** Anything else. */
  public static final String OTHER = "other";

  private Rejections() {}

  /** Returns the reason of a REJECTED result. */
  public static String reason(InvocationResult r) {
    String m = r.message();
    if (m.contains("lane is full")) {
      return LANE_FULL;
    }
    if (m.contains("is at its limits")) {
      return CONNECTOR_LIMITS;
    }
    if (m.contains("journal")) {
      return JOURNAL;
    }
    if (m.startsWith("not started: ")) {
      return RUNNER_UNAVAILABLE;
    }
    return OTHER;
  }
}
