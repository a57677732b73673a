/**
 * Not API: the engine's internals. May change in any release without notice.
 */
package io.edrplaybook.core.internal;
