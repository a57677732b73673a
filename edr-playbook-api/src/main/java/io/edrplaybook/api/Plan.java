package io.edrplaybook.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The dry run of an event: which playbook applies and why, and which action would run on which
 * connector. Computing it executes nothing and records nothing.
 *
 * @param eventId the event
 * @param classification the classification evaluated
 * @param playbook the playbook that applies, empty when none does
 * @param reason why that playbook applies (assignment or default), or why none does
 * @param invocations what would run, in row order
 * @param skipped the rows checked for the classification that their {@link Condition} removed, in
 *     row order, with the clause that failed; their connectors are not among {@code invocations}
 */
public record Plan(String eventId, Classification classification, Optional<String> playbook, String reason,
    List<PlannedInvocation> invocations, List<SkippedRow> skipped) {

  /** Validates and copies. */
  public Plan {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(playbook, "playbook");
    Objects.requireNonNull(reason, "reason");
    invocations = List.copyOf(invocations);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }

  /** A plan in which no condition removed a row. */
  public Plan(String eventId, Classification classification, Optional<String> playbook, String reason,
      List<PlannedInvocation> invocations) {
    this(eventId, classification, playbook, reason, invocations, List.of());
  }

  /** Returns the row of {@code action} that a condition removed, if one did. */
  public Optional<SkippedRow> skipped(String action) {
    return skipped.stream().filter(s -> s.action().equals(action)).findFirst();
  }

  /** Returns the lines that would run now. */
  public List<PlannedInvocation> toRun() {
    return invocations.stream().filter(PlannedInvocation::willRun).toList();
  }
}
