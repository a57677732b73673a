/**
 * Internals of the playbook test kit: configuration rewriting, runner lookup, {@code ctx} paths
 * and failure-message formatting. <strong>Not API</strong>: anything here may change or go away
 * in any release; use {@code io.edrplaybook.testkit}.
 */
package io.edrplaybook.testkit.internal;
