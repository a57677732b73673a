package io.edrplaybook.api;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a playbook row's runs are undone: the action's script defines {@code undo(ctx)}, and the
 * engine calls it (once) for each run of the row that succeeded, {@code after} a delay, and/or
 * when the event is reclassified to one of {@code onReclassifiedTo}, whichever comes first.
 * {@code ctx["original"]} holds the original run's result (see docs/script-contract.md).
 *
 * @param after the delay after the original run ended; empty for no timed undo; between 1 second
 *     and 365 days
 * @param onReclassifiedTo reclassifications of the event that undo the run; may be empty
 */
public record UndoPolicy(Optional<Duration> after, Set<Classification> onReclassifiedTo) {
  /** The longest undo delay. */
  public static final Duration MAX_AFTER = Duration.ofDays(365);

  /** Validates and copies. */
  public UndoPolicy {
    Objects.requireNonNull(after, "after");
    onReclassifiedTo = onReclassifiedTo == null || onReclassifiedTo.isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(onReclassifiedTo));
    if (after.isEmpty() && onReclassifiedTo.isEmpty()) {
      throw new IllegalArgumentException("an undo needs a delay (after) or reclassifications (onReclassifiedTo)");
    }
    after.ifPresent(d -> {
      if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_AFTER) > 0) {
        throw new IllegalArgumentException("an undo delay must be between PT1S and " + MAX_AFTER + ", was " + d);
      }
    });
  }

  /** An undo {@code after} the original run ended. */
  public static UndoPolicy after(Duration after) {
    return new UndoPolicy(Optional.of(Objects.requireNonNull(after, "after")), Set.of());
  }

  /** An undo when the event is reclassified to one of {@code classifications}. */
  public static UndoPolicy onReclassifiedTo(Classification... classifications) {
    return new UndoPolicy(Optional.empty(), Set.of(classifications));
  }

  /** This undo, also when the event is reclassified to one of {@code classifications}. */
  public UndoPolicy orOnReclassifiedTo(Classification... classifications) {
    return new UndoPolicy(after, Set.of(classifications));
  }
}
