package io.edrplaybook.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ScriptRunner} knows of its workers, for health checks and metrics; cheap to ask
 * and never throws.
 *
 * @param workersAlive workers (interpreter slots, processes) in service now
 * @param replacements workers retired and replaced since the runner started
 * @param problem why the runner cannot start work now (a sentence: closed, no worker could be
 *     started), empty when it can
 */
public record RunnerStats(int workersAlive, long replacements, Optional<String> problem) {

  /** What a runner that reports nothing returns: no workers known, none replaced, ready. */
  public static final RunnerStats UNREPORTED = new RunnerStats(0, 0, Optional.empty());

  /** Validates. */
  public RunnerStats {
    Objects.requireNonNull(problem, "problem");
    if (workersAlive < 0 || replacements < 0) {
      throw new IllegalArgumentException("workersAlive and replacements must be zero or more, were "
          + workersAlive + " and " + replacements);
    }
  }

  /** Returns whether the runner can start work now. */
  public boolean ready() {
    return problem.isEmpty();
  }
}
