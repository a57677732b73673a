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
 *
 * @param section the section the row is shown in
 * @param action the action's name
 * @param classifications the checked columns; may be empty
 * @param connectors which connectors run it
 * @param condition the condition on the event it runs under; empty (or null) when it runs for every
 *     event of its classifications
 */
public record PlaybookRule(PlaybookSection section, String action, Set<Classification> classifications,
    ConnectorSelection connectors, Optional<Condition> condition) {

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
  }

  /** A row without a condition. */
  public PlaybookRule(PlaybookSection section, String action, Set<Classification> classifications,
      ConnectorSelection connectors) {
    this(section, action, classifications, connectors, Optional.empty());
  }

  /** Returns this row run only when {@code condition} holds (replacing any condition it had). */
  public PlaybookRule when(Condition condition) {
    Objects.requireNonNull(condition, "condition");
    return new PlaybookRule(section, action, classifications, connectors, Optional.of(condition));
  }

  /** Returns whether this row runs for {@code classification}. */
  public boolean selects(Classification classification) {
    return classifications.contains(classification);
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
}
