package io.edrplaybook.api;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The approval a playbook row (or some of its cells) requires before its action runs: the engine
 * claims the run and records it awaiting approval instead of running it; a person approves it
 * ({@link PlaybookEngine#approve}) or denies it ({@link PlaybookEngine#deny}) within
 * {@code window}, else the window's end decides ({@code onExpiry}).
 *
 * @param window how long the run waits for a decision; between 1 second and 365 days
 * @param onExpiry what the window's end does: {@link OnExpiry#DENY} ends the run
 *     {@link InvocationStatus#EXPIRED}, {@link OnExpiry#RUN} runs it
 * @param classifications the checked cells of the row that require approval; empty for every
 *     checked cell of the row
 */
public record ApprovalGate(Duration window, OnExpiry onExpiry, Set<Classification> classifications) {
  /** The shortest approval window. */
  public static final Duration MIN_WINDOW = Duration.ofSeconds(1);
  /** The longest approval window. */
  public static final Duration MAX_WINDOW = Duration.ofDays(365);

  /** What happens to a run whose approval window ends without a decision. */
  public enum OnExpiry {
    /** The run does not run: it ends {@link InvocationStatus#EXPIRED}. */
    DENY,
    /** The run runs, as if approved by the window's end. */
    RUN
  }

  /** Validates and copies. */
  public ApprovalGate {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(onExpiry, "onExpiry");
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("an approval window must be between " + MIN_WINDOW + " and " + MAX_WINDOW
          + ", was " + window);
    }
    classifications = classifications == null || classifications.isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(classifications));
  }

  /** A gate on every checked cell of the row. */
  public static ApprovalGate of(Duration window, OnExpiry onExpiry) {
    return new ApprovalGate(window, onExpiry, Set.of());
  }

  /** The same gate, only on the cells of {@code cells}. */
  public ApprovalGate forCells(Classification... cells) {
    return new ApprovalGate(window, onExpiry, Set.of(cells));
  }

  /** Returns whether a run for {@code classification} requires approval. */
  public boolean appliesTo(Classification classification) {
    return classifications.isEmpty() || classifications.contains(classification);
  }
}
