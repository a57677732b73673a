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
 */
public record Selection(Optional<Playbook> playbook, String reason, List<Route> routes) {
}
