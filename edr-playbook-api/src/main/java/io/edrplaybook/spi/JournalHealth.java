package io.edrplaybook.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a journal can take writes now: what a host's readiness probe asks.
 *
 * @param writable whether the last write succeeded and the journal is open
 * @param problem why it is not writable (a sentence naming the journal), empty when it is
 */
public record JournalHealth(boolean writable, Optional<String> problem) {

  /** Validates. */
  public JournalHealth {
    Objects.requireNonNull(problem, "problem");
    if (writable == problem.isPresent()) {
      throw new IllegalArgumentException("a writable journal has no problem, an unwritable one has one");
    }
  }

  /** A journal that takes writes. */
  public static JournalHealth ok() {
    return new JournalHealth(true, Optional.empty());
  }

  /** A journal that does not, and why. */
  public static JournalHealth failing(String problem) {
    return new JournalHealth(false, Optional.of(problem));
  }
}
