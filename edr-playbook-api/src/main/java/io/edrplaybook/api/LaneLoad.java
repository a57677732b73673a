package io.edrplaybook.api;

import java.util.Objects;

/**
 * How busy one JumpBox's dispatch lane is at one moment.
 *
 * @param jumpBox the JumpBox's name ({@code ""} for connectors reached directly)
 * @param running runs holding one of the lane's slots (at most the lane's concurrency)
 * @param queued runs waiting in the lane for a slot (at most the lane's queue capacity; more are
 *     rejected)
 */
public record LaneLoad(String jumpBox, int running, int queued) {

  /** Validates. */
  public LaneLoad {
    Objects.requireNonNull(jumpBox, "jumpBox");
    if (running < 0 || queued < 0) {
      throw new IllegalArgumentException("running and queued must be zero or more, were " + running + " and "
          + queued + " for JumpBox \"" + jumpBox + "\"");
    }
  }
}
