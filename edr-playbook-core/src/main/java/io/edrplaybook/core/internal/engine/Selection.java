package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Playbook;
import java.util.List;
import java.util.Optional;

/**
 * What a playbook evaluation found for an event: the playbook (if any), why, and its routes for
 * the event's classification.
 *
 * @param playbook the playbook that applies
 * @param reason why it applies, or why none does
 * @param routes the rows checked for the classification, resolved
 * @param playbookName the playbook's name
 * @param planned every route's dry-run lines, in order
 */
public record Selection(Optional<Playbook> playbook, String reason, List<Route> routes,
    Optional<String> playbookName, List<io.edrplaybook.api.PlannedInvocation> planned) {

  /** A selection of {@code routes} of {@code playbook}, with its lines flattened once. */
  public static Selection of(Optional<Playbook> playbook, String reason, List<Route> routes) {
    List<io.edrplaybook.api.PlannedInvocation> planned = new java.util.ArrayList<>();
    routes.forEach(r -> planned.addAll(r.planned()));
    return new Selection(playbook, reason, List.copyOf(routes), playbook.map(Playbook::name), List.copyOf(planned));
  }
}
