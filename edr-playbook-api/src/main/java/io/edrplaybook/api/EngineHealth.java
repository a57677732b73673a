package io.edrplaybook.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a host's readiness probe asks of an engine: does it take new events, can its runners start
 * work, and how busy it is.
 *
 * @param open whether the engine is open (not closed)
 * @param journalWritable whether the journal takes writes: false after a failed journal write,
 *     until the journal reports itself writable again; while false the engine refuses new events
 *     with {@link JournalException}
 * @param journalProblem why the journal is not writable (a sentence naming the journal and the
 *     cause), empty when it is
 * @param runsInFlight runs accepted and not yet ended
 * @param runners each runner the engine has, by id: can it start work, its workers
 * @param lanes each JumpBox lane the engine has used: runs running and waiting; by JumpBox name
 * @param connectors each connector with runs in flight: runs running and waiting; by organization,
 *     then connector name
 * @param abandonedThreads lane threads still inside a runner after their run was ended at deadline
 *     plus grace (they count against the engine's lane threads until the runner returns)
 */
public record EngineHealth(boolean open, boolean journalWritable, Optional<String> journalProblem,
    int runsInFlight, List<RunnerHealth> runners, List<LaneLoad> lanes, List<ConnectorLoad> connectors,
    int abandonedThreads) {

  /** Validates and copies. */
  public EngineHealth {
    Objects.requireNonNull(journalProblem, "journalProblem");
    if (journalWritable == journalProblem.isPresent()) {
      throw new IllegalArgumentException("a writable journal has no problem, an unwritable one has one");
    }
    if (runsInFlight < 0) {
      throw new IllegalArgumentException("runsInFlight must be zero or more, was " + runsInFlight);
    }
    if (abandonedThreads < 0) {
      throw new IllegalArgumentException("abandonedThreads must be zero or more, was " + abandonedThreads);
    }
    runners = List.copyOf(Objects.requireNonNull(runners, "runners"));
    lanes = List.copyOf(Objects.requireNonNull(lanes, "lanes"));
    connectors = List.copyOf(Objects.requireNonNull(connectors, "connectors"));
  }

  /** The health of an engine that reports no runners, lanes or connectors. */
  public EngineHealth(boolean open, boolean journalWritable, Optional<String> journalProblem, int runsInFlight) {
    this(open, journalWritable, journalProblem, runsInFlight, List.of(), List.of(), List.of(), 0);
  }

  /** Returns whether the engine takes new events now: open, with a writable journal. */
  public boolean accepting() {
    return open && journalWritable;
  }

  /**
   * Returns what a readiness probe wants: the engine takes new events and every runner can start
   * work.
   */
  public boolean ready() {
    return accepting() && runners.stream().allMatch(RunnerHealth::ready);
  }
}
