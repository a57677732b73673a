package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One row of a playbook policy: an action, the classifications (columns) for which it runs, and
 * the connectors that run it. A row with no classification checked is offered but not selected.
 * A row may carry a {@link Condition} on the event: it runs only when the condition holds.
 * A row may require approval before it runs ({@link ApprovalGate}) and may be undone later
 * ({@link UndoPolicy}); see docs/approvals-and-undo.md.
 *
 * @param section the section the row is shown in
 * @param action the action's name
 * @param classifications the checked columns; may be empty
 * @param connectors which connectors run it
 * @param condition the condition on the event it runs under; empty (or null) when it runs for every
 *     event of its classifications
 * @param approval the approval its runs (or some cells' runs) require; empty (or null) for none
 * @param undo when its runs are undone; empty (or null) for never
 */
public record PlaybookRule(PlaybookSection section, String action, Set<Classification> classifications,
    ConnectorSelection connectors, Optional<Condition> condition, Optional<ApprovalGate> approval,
    Optional<UndoPolicy> undo) {

  /** Validates and copies. */
  public PlaybookRule {
    Problems p = new Problems();
    p.required("section", section);
    p.text("action", action);
    p.required("connectors", connectors);
    p.throwIfAny(action == null || action.isBlank() ? "playbook row" : "playbook row of action \"" + action + "\"");
    classifications = classifications == null || classifications.isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(classifications));
    condition = condition == null ? Optional.empty() : condition;
    approval = approval == null ? Optional.empty() : approval;
    undo = undo == null ? Optional.empty() : undo;
  }

  /** Returns this row run only when {@code condition} holds (replacing any condition it had). */
  public PlaybookRule when(Condition condition) {
    Objects.requireNonNull(condition, "condition");
    return new PlaybookRule(section, action, classifications, connectors, Optional.of(condition), approval, undo);
  }

  /** A row without condition, approval or undo. */
  public PlaybookRule(PlaybookSection section, String action, Set<Classification> classifications,
      ConnectorSelection connectors) {
    this(section, action, classifications, connectors, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Returns whether this row runs for {@code classification}. */
  public boolean selects(Classification classification) {
    return classifications.contains(classification);
  }

  /** Returns whether a run of this row for {@code classification} waits for approval. */
  public boolean requiresApproval(Classification classification) {
    return approval.isPresent() && approval.get().appliesTo(classification);
  }

  /** The same row, requiring {@code gate}. */
  public PlaybookRule withApproval(ApprovalGate gate) {
    return new PlaybookRule(section, action, classifications, connectors, condition,
        Optional.of(Objects.requireNonNull(gate, "gate")), undo);
  }

  /** The same row, undone per {@code policy}. */
  public PlaybookRule withUndo(UndoPolicy policy) {
    return new PlaybookRule(section, action, classifications, connectors, condition, approval,
        Optional.of(Objects.requireNonNull(policy, "policy")));
  }

  /** Returns the row a newly defined action gets: in {@code CUSTOM}, nothing checked, <em>All</em>. */
  public static PlaybookRule unselected(String action) {
    return new PlaybookRule(PlaybookSection.CUSTOM, action, Set.of(), ConnectorSelection.all());
  }

  /** A row of {@code action} checked for {@code classifications}, run on {@code connectors}. */
  public static PlaybookRule of(PlaybookSection section, String action, ConnectorSelection connectors,
      Classification... classifications) {
    return new PlaybookRule(section, action, Set.of(classifications), connectors);
  }

  /** Starts a builder of a row of {@code action} in {@code section}, run on <em>All</em> connectors. */
  public static Builder builder(PlaybookSection section, String action) {
    return new Builder(section, action);
  }

  /** Builds a {@link PlaybookRule}. Not thread-safe. */
  public static final class Builder {
    private final PlaybookSection section;
    private final String action;
    private final Set<Classification> classifications = EnumSet.noneOf(Classification.class);
    private ConnectorSelection connectors = ConnectorSelection.all();
    private Condition condition;
    private ApprovalGate approval;
    private UndoPolicy undo;

    private Builder(PlaybookSection section, String action) {
      this.section = section;
      this.action = action;
    }

    /** Checks the cells of {@code checked}. */
    public Builder classifications(Classification... checked) {
      classifications.addAll(Set.of(checked));
      return this;
    }

    /** Sets the connectors that run it (default <em>All</em>). */
    public Builder connectors(ConnectorSelection selection) {
      this.connectors = Objects.requireNonNull(selection, "selection");
      return this;
    }

    /** Runs it only when {@code condition} holds for the event. */
    public Builder when(Condition condition) {
      this.condition = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /** Requires approval per {@code gate}. */
    public Builder approval(ApprovalGate gate) {
      this.approval = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /** Undoes its runs per {@code policy}. */
    public Builder undo(UndoPolicy policy) {
      this.undo = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Builds the row. */
    public PlaybookRule build() {
      return new PlaybookRule(section, action, classifications, connectors, Optional.ofNullable(condition),
          Optional.ofNullable(approval), Optional.ofNullable(undo));
    }
  }
}
