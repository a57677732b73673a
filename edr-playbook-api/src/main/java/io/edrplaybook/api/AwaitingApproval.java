package io.edrplaybook.api;

import io.edrplaybook.api.internal.JsonValues;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A run that awaits approval: its key is claimed (nothing else runs it), it has not started, and
 * it runs only when approved (or when its window ends with {@link ApprovalGate.OnExpiry#RUN}).
 * The history entry a journal records for the {@code AWAITING_APPROVAL} state of a run; it ends
 * with one {@link ApprovalDecision}.
 *
 * @param invocation the run that will run when approved (it holds the key's claim)
 * @param time when approval was requested
 * @param expiresAt when the approval window ends
 * @param onExpiry what the window's end does
 * @param event the event as the script will see it ({@code ctx["event"]}), kept so that an
 *     approval after a restart, or on another engine, runs it with the event as submitted
 * @param reason why approval is required (the row and cell)
 */
public record AwaitingApproval(Invocation invocation, Instant time, Instant expiresAt,
    ApprovalGate.OnExpiry onExpiry, Map<String, Object> event, String reason) implements HistoryEntry {

  /** Validates and copies. */
  public AwaitingApproval {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(onExpiry, "onExpiry");
    Objects.requireNonNull(event, "event");
    if (invocation.test()) {
      throw new IllegalArgumentException("a Test-button run never awaits approval: " + invocation.id());
    }
    event = JsonValues.copy("event", event);
    reason = reason == null ? "" : reason;
  }

  @Override
  public String eventId() {
    return invocation.eventId();
  }

  @Override
  public String organization() {
    return invocation.organization();
  }

  /** Returns the key of the run awaiting approval. */
  public RunKey runKey() {
    return invocation.runKey();
  }

  /** Returns whether the window ended at {@code now}. */
  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
