package io.edrplaybook.api;

import java.time.Instant;

/**
 * One line of an event's classification details: a classification it received, a run that
 * started, or a run that ended; a run that awaits approval, and how that wait was decided; an
 * undo scheduled, and how it ended.
 * Journals store these.
 */
public sealed interface HistoryEntry permits ClassificationChange, InvocationStarted, InvocationResult,
    AwaitingApproval, ApprovalDecision, UndoScheduled, UndoEnded {

  /** Returns the id of the event this entry belongs to. */
  String eventId();

  /** Returns the organization of the event this entry belongs to. */
  String organization();

  /** Returns the event this entry belongs to: organization and id. */
  default EventKey eventKey() {
    return new EventKey(organization(), eventId());
  }

  /** Returns when this entry happened. */
  Instant time();
}
