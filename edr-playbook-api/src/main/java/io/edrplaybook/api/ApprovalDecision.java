package io.edrplaybook.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run's wait for approval ended: who decided what, when, and why. A history entry, shown
 * in the classification details beside the run it decided.
 *
 * @param invocation the run that awaited approval
 * @param verdict the decision
 * @param by who decided: the approver the host named, or {@code edr-playbook} for an expired
 *     window or a reclassification
 * @param comment the decider's comment; may be empty
 * @param time when it was decided
 */
public record ApprovalDecision(Invocation invocation, Verdict verdict, String by, String comment, Instant time)
    implements HistoryEntry {
  /** Who decides what a person did not: an expired window, a reclassification. */
  public static final String ENGINE = "edr-playbook";

  /** A decision. */
  public enum Verdict {
    /** A person approved: the run runs. */
    APPROVED(true, null),
    /** A person denied: the run ends {@link InvocationStatus#DENIED}. */
    DENIED(false, InvocationStatus.DENIED),
    /** The window ended with {@link ApprovalGate.OnExpiry#DENY}: the run ends {@link InvocationStatus#EXPIRED}. */
    EXPIRED(false, InvocationStatus.EXPIRED),
    /** The window ended with {@link ApprovalGate.OnExpiry#RUN}: the run runs. */
    EXPIRED_RUN(true, null),
    /** The event was reclassified while the run waited: it ends {@link InvocationStatus#CANCELLED}. */
    CANCELLED(false, InvocationStatus.CANCELLED);

    private final boolean runs;
    private final InvocationStatus ends;

    Verdict(boolean runs, InvocationStatus ends) {
      this.runs = runs;
      this.ends = ends;
    }

    /** Returns whether the run runs after this decision. */
    public boolean runs() {
      return runs;
    }

    /** Returns the status the run ends with when it does not run; empty when it runs. */
    public Optional<InvocationStatus> ends() {
      return Optional.ofNullable(ends);
    }
  }

  /** Validates. */
  public ApprovalDecision {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(time, "time");
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("a decision names who decided; by was " + (by == null ? "null" : "blank"));
    }
    comment = comment == null ? "" : comment;
  }

  @Override
  public String eventId() {
    return invocation.eventId();
  }

  @Override
  public String organization() {
    return invocation.organization();
  }

  /** Returns the key of the run decided. */
  public RunKey runKey() {
    return invocation.runKey();
  }

  /**
   * Returns the terminal record of a run this decision ends without running it (denied, expired,
   * cancelled); empty when it runs. Every journal records exactly this one with the decision.
   */
  public Optional<InvocationResult> terminalRecord() {
    return verdict.ends().map(status -> InvocationResult.notRun(invocation, status, time, message()));
  }

  private String message() {
    String why = comment.isEmpty() ? "" : ": " + comment;
    return switch (verdict) {
      case DENIED -> "denied by " + by + why;
      case EXPIRED -> "not run: its approval window ended without a decision" + why;
      case CANCELLED -> "not run: cancelled while awaiting approval" + why;
      default -> "approved by " + by + why;
    };
  }
}
