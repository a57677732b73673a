package io.edrplaybook.api;

import io.edrplaybook.api.internal.JsonValues;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An undo of a run was scheduled (its row has an {@link UndoPolicy}): the history entry written when
 * the run was accepted, before it started. The undo runs once — the script's {@code undo(ctx)},
 * as its own run of {@link #undoAction(String) "undo: <action>"} — when it is due or the event is
 * reclassified to one of {@code onReclassifiedTo}, provided the run succeeded; it is cancelled
 * when the run did not succeed. It ends with one {@link UndoEnded}.
 *
 * @param original the run to undo (its first attempt; retries share its key)
 * @param time when the undo was scheduled
 * @param dueAt when the timed undo is due; empty for none
 * @param onReclassifiedTo the reclassifications that undo the run; may be empty
 * @param event the event as the script saw it ({@code ctx["event"]}), secrets masked
 */
public record UndoScheduled(Invocation original, Instant time, Optional<Instant> dueAt,
    Set<Classification> onReclassifiedTo, Map<String, Object> event) implements HistoryEntry {
  /** What the name of an undo run's action starts with. */
  public static final String UNDO_PREFIX = "undo: ";

  /** Validates and copies. */
  public UndoScheduled {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(event, "event");
    if (original.test()) {
      throw new IllegalArgumentException("a Test-button run is never undone: " + original.id());
    }
    onReclassifiedTo = onReclassifiedTo == null || onReclassifiedTo.isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(onReclassifiedTo));
    if (dueAt.isEmpty() && onReclassifiedTo.isEmpty()) {
      throw new IllegalArgumentException("an undo needs a due time or reclassifications");
    }
    event = JsonValues.copy("event", event);
  }

  @Override
  public String eventId() {
    return original.eventId();
  }

  @Override
  public String organization() {
    return original.organization();
  }

  /** Returns the key of the run to undo. */
  public RunKey runKey() {
    return original.runKey();
  }

  /** Returns whether the timed undo is due at {@code now}. */
  public boolean due(Instant now) {
    return dueAt.isPresent() && !now.isBefore(dueAt.get());
  }

  /**
   * Returns the action name an undo run of {@code action} is recorded under: {@code "undo: " +
   * action}, so that it has its own run key (it runs once) and shows next to the run it reverts.
   */
  public static String undoAction(String action) {
    return UNDO_PREFIX + Objects.requireNonNull(action, "action");
  }

  /** Returns whether {@code action} names an undo run. */
  public static boolean isUndoAction(String action) {
    return action.startsWith(UNDO_PREFIX);
  }
}
