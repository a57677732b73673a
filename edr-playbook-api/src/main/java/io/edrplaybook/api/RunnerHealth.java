package io.edrplaybook.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What one script runner says of itself: can it start work, and how its workers fare.
 *
 * @param runner the runner's id ({@code jython}, {@code cpython}, ...)
 * @param ready whether it can start work now
 * @param problem why it cannot (a sentence), empty when it can
 * @param workersAlive its workers (interpreter slots, processes) in service now
 * @param replacements workers retired and replaced since it started (a script past its deadline,
 *     a crash, a worker left altered, a worker recycled after its runs)
 */
public record RunnerHealth(String runner, boolean ready, Optional<String> problem, int workersAlive,
    long replacements) {

  /** Validates. */
  public RunnerHealth {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(problem, "problem");
    if (ready == problem.isPresent()) {
      throw new IllegalArgumentException("a ready runner has no problem, one not ready has one (runner \""
          + runner + "\")");
    }
    if (workersAlive < 0 || replacements < 0) {
      throw new IllegalArgumentException("workersAlive and replacements must be zero or more, were "
          + workersAlive + " and " + replacements + " (runner \"" + runner + "\")");
    }
  }
}
