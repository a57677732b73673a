/**
 * Not API: helpers shared by the model types. May change in any release without notice.
 */
package io.edrplaybook.api.internal;
