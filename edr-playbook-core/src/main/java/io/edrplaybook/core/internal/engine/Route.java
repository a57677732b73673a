package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.api.PlaybookRule;
import java.util.List;

/**
 * A playbook row resolved for one classification: the action and every connector it runs on,
 * with the dry-run lines precomputed.
 *
 * @param rule the row
 * @param action the action
 * @param targets the connectors it runs on, in order
 * @param planned one dry-run line per target, {@code willRun} true
 * @param condition the row's condition, compiled; null when it has none
 */
public record Route(PlaybookRule rule, Action action, List<Target> targets, List<PlannedInvocation> planned,
    RowCondition condition) {

  /** A route of a row without a condition. */
  public Route(PlaybookRule rule, Action action, List<Target> targets, List<PlannedInvocation> planned) {
    this(rule, action, targets, planned, null);
  }
}
