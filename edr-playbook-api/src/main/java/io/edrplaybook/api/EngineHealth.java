package io.edrplaybook.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a host's readiness probe asks of an engine: does it take new events, and how busy it is.
 *
 * @param open whether the engine is open (not closed)
 * @param journalWritable whether the journal takes writes: false after a failed journal write,
 *     until the journal reports itself writable again; while false the engine refuses new events
 *     with {@link JournalException}
 * @param journalProblem why the journal is not writable (a sentence naming the journal and the
 *     cause), empty when it is
 * @param runsInFlight runs accepted and not yet ended
 */
public record EngineHealth(boolean open, boolean journalWritable, Optional<String> journalProblem,
    int runsInFlight) {

  /** Validates. */
  public EngineHealth {
    Objects.requireNonNull(journalProblem, "journalProblem");
    if (journalWritable == journalProblem.isPresent()) {
      throw new IllegalArgumentException("a writable journal has no problem, an unwritable one has one");
    }
    if (runsInFlight < 0) {
      throw new IllegalArgumentException("runsInFlight must be zero or more, was " + runsInFlight);
    }
  }

  /** Returns whether the engine takes new events now: open, with a writable journal. */
  public boolean accepting() {
    return open && journalWritable;
  }
}
