/**
 * What hosts program against: the model (connectors, actions, playbooks, classifications,
 * security events), the {@link io.edrplaybook.api.PlaybookEngine}, results and classification
 * details, and the exceptions, all rooted at {@link io.edrplaybook.api.PlaybookException}.
 */
package io.edrplaybook.api;
