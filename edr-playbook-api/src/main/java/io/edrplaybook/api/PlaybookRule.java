package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.util.EnumSet;
import java.util.Set;

/**
 * One row of a playbook policy: an action, the classifications (columns) for which it runs, and
 * the connectors that run it. A row with no classification checked is offered but not selected.
 *
 * @param section the section the row is shown in
 * @param action the action's name
 * @param classifications the checked columns; may be empty
 * @param connectors which connectors run it
 */
public record PlaybookRule(PlaybookSection section, String action, Set<Classification> classifications,
    ConnectorSelection connectors) {

  /** Validates and copies. */
  public PlaybookRule {
    Problems p = new Problems();
    p.required("section", section);
    p.text("action", action);
    p.required("connectors", connectors);
    p.throwIfAny(action == null || action.isBlank() ? "playbook row" : "playbook row of action \"" + action + "\"");
    classifications = classifications == null || classifications.isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(classifications));
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
