package io.edrplaybook.spi;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.JournalException;

/**
 * Observes the engine. Every method has a default that does nothing.
 *
 * <p><b>Threads.</b> Every method is called on the engine's one notifier thread
 * ({@code edr-playbook-notifier}), never on the thread that enforces deadlines, retries and rate
 * limits, nor on a run's own thread: a slow listener delays other listeners' notifications, never
 * a run, a deadline or a journal write. Calls come one at a time, in the order the engine recorded
 * the entries, so an event's classification comes before its runs and a run's start before its
 * end. A listener is told after the entry is in the journal (or, when the journal failed to take a
 * run's result, of the result and of the failure), possibly after the run's future completed; a
 * run's result the journal already had (another engine ended it) is not told again. {@code close()} of the engine waits (up to its grace period) for the notifications
 * pending. A listener that throws is logged and ignored.
 */
public interface PlaybookListener {

  /** An event received a classification. */
  default void onClassification(ClassificationChange change) {}

  /** A run was handed to its runner. */
  default void onStarted(InvocationStarted started) {}

  /**
   * A run was handed to its runner, after waiting {@code queueWait} since the engine accepted it
   * (the connector's limits, its JumpBox lane, a lane thread; a retry's back-off is not counted).
   * The engine calls this form; its default calls {@link #onStarted(InvocationStarted)}. The wait
   * is known only to the engine that ran the run: it is not in the journal.
   */
  default void onStarted(InvocationStarted started, java.time.Duration queueWait) {
    onStarted(started);
  }

  /** A run ended: succeeded, failed, timed out, was cancelled or rejected. */
  default void onFinished(InvocationResult result) {}

  /** A run awaits approval instead of running. */
  default void onAwaitingApproval(io.edrplaybook.api.AwaitingApproval awaiting) {}

  /**
   * A run's wait for approval was decided: approved (its start and end follow), denied, expired
   * or cancelled (its terminal record follows, told to {@link #onFinished}).
   */
  default void onApprovalDecided(io.edrplaybook.api.ApprovalDecision decision) {}

  /** An undo of a run was scheduled. */
  default void onUndoScheduled(io.edrplaybook.api.UndoScheduled undo) {}

  /** A scheduled undo ended: it ran (its run's start and end are told too), or was cancelled. */
  default void onUndoEnded(io.edrplaybook.api.UndoEnded ended) {}

  /**
   * A journal call failed: the engine refuses new events with {@code failure} until the journal is
   * writable again. Called once per failure the engine sees.
   */
  default void onJournalFailure(JournalException failure) {}
}
