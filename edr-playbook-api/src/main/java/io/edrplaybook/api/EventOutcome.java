package io.edrplaybook.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one submission of an event did, once every run it started has ended.
 *
 * @param eventId the event
 * @param classification the classification submitted
 * @param playbook the playbook that applied, empty when none did
 * @param results the terminal record of each run this submission started (retries included; and
 *     the undo runs its reclassification fired, recorded under {@code "undo: <action>"})
 * @param skipped what the playbook selected but was not run again because it already ran for
 *     this event and classification
 * @param awaiting the runs this submission claimed and recorded awaiting approval instead of running
 */
public record EventOutcome(String eventId, Classification classification, Optional<String> playbook,
    List<InvocationResult> results, List<PlannedInvocation> skipped, List<AwaitingApproval> awaiting) {

  /** An outcome in which no run awaits approval. */
  public EventOutcome(String eventId, Classification classification, Optional<String> playbook,
      List<InvocationResult> results, List<PlannedInvocation> skipped) {
    this(eventId, classification, playbook, results, skipped, List.of());
  }

  /** Validates and copies. */
  public EventOutcome {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(playbook, "playbook");
    results = List.copyOf(results);
    skipped = List.copyOf(skipped);
    awaiting = List.copyOf(awaiting);
  }

  /** Returns whether every run succeeded (true when nothing ran). */
  public boolean allSucceeded() {
    return results.stream().allMatch(r -> r.status().succeeded());
  }

  /** Returns the last result of {@code action} on {@code connector}, if it ran. */
  public Optional<InvocationResult> result(String action, String connector) {
    InvocationResult found = null;
    for (InvocationResult r : results) {
      if (r.invocation().action().equals(action) && r.invocation().connector().equals(connector)) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }
}
