/**
 * Internals of the cpython runner: not API, may change in any release. The worker pool, the
 * worker processes and their channel, the interpreter probe and the frame protocol spoken with
 * {@code bootstrap.py}.
 */
package io.edrplaybook.subprocess.internal;
