package io.edrplaybook.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a journal knows of one event's classification: the current one and the one before it.
 *
 * @param event the event; never null
 * @param current its current classification; never null
 * @param previous the classification before the current one; empty for an event classified once
 */
public record EventState(EventKey event, Classification current, Optional<Classification> previous) {

  /** Validates. */
  public EventState {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(previous, "previous");
  }
}
