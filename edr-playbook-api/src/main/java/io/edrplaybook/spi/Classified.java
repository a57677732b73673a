package io.edrplaybook.spi;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventState;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link ExecutionJournal#classify}: the event's state after the call, and the change
 * the journal recorded (empty when the event already had that classification).
 *
 * @param state the event's classification after the call; never null
 * @param recorded the entry appended to the event's history, with its {@code previous} filled in by
 *     the journal; empty when nothing changed
 */
public record Classified(EventState state, Optional<ClassificationChange> recorded) {

  /** Validates. */
  public Classified {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(recorded, "recorded");
  }
}
