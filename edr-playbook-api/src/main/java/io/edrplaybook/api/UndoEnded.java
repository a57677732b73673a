package io.edrplaybook.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A scheduled undo ended: it ran (its run of {@code "undo: <action>"} is in the history, and its
 * terminal record says how it went), or it was cancelled (the run it would undo did not succeed,
 * or it can no longer run) — once, whatever engine ended it.
 *
 * @param original the run the undo was for
 * @param ran whether the undo ran (false: cancelled)
 * @param undoInvocationId the id of the undo run; empty when cancelled
 * @param reason why: {@code after PT24H}, {@code reclassified LIKELY_SAFE}, or why it was cancelled
 * @param time when it ended
 */
public record UndoEnded(Invocation original, boolean ran, Optional<String> undoInvocationId, String reason,
    Instant time) implements HistoryEntry {

  /** Validates. */
  public UndoEnded {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(undoInvocationId, "undoInvocationId");
    Objects.requireNonNull(time, "time");
    reason = reason == null ? "" : reason;
    if (ran != undoInvocationId.isPresent()) {
      throw new IllegalArgumentException("an undo that ran names its run, a cancelled one none");
    }
  }

  @Override
  public String eventId() {
    return original.eventId();
  }

  @Override
  public String organization() {
    return original.organization();
  }

  /** Returns the key of the run the undo was for. */
  public RunKey runKey() {
    return original.runKey();
  }
}
