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
 */
public record Plan(String eventId, Classification classification, Optional<String> playbook, String reason,
    List<PlannedInvocation> invocations) {

  /** Validates and copies. */
  public Plan {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(playbook, "playbook");
    Objects.requireNonNull(reason, "reason");
    invocations = List.copyOf(invocations);
  }

  /** Returns the lines that would run now. */
  public List<PlannedInvocation> toRun() {
    return invocations.stream().filter(PlannedInvocation::willRun).toList();
  }
}
