/**
 * Internals of the Jython runner: the slot pool, compilation, value conversion, output capture
 * and deadline enforcement. Not API: anything here may change without notice.
 */
package io.edrplaybook.jython.internal;
