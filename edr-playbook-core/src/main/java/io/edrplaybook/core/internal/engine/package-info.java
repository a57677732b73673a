/**
 * Not API: snapshot compilation, playbook evaluation, dispatch lanes and run lifecycle of the
 * core engine. May change in any release without notice.
 */
package io.edrplaybook.core.internal.engine;
