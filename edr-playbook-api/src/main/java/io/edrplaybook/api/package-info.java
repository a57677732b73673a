/**
 * What hosts program against: the model (connectors, actions, playbooks, classifications,
 * security events), the {@link io.edrplaybook.api.PlaybookEngine}, results and classification
 * details, and the exceptions, all rooted at {@link io.edrplaybook.api.PlaybookException}.
 *
 * <p><b>Stability.</b> The model types that grow as the product does ({@link
 * io.edrplaybook.api.Connector}, {@link io.edrplaybook.api.Action}, {@link
 * io.edrplaybook.api.Playbook}, {@link io.edrplaybook.api.SecurityEvent}, {@link
 * io.edrplaybook.api.Configuration}) are made with their builders: {@code builder()} for a new
 * one, {@code toBuilder()} to change some fields of an existing one. Their canonical constructors
 * gain a parameter whenever the type gains a field and are not part of the stable API.
 */
package io.edrplaybook.api;
