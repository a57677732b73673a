/**
 * Not API: the built-in secret resolvers ({@code ${env:NAME}}, {@code ${file:PATH}}) and the
 * discovery of others. May change in any release without notice.
 */
package io.edrplaybook.core.internal.secrets;
