/**
 * The {@code jython} script runner: {@link io.edrplaybook.jython.JythonScriptRunnerProvider} and
 * its {@link io.edrplaybook.jython.JythonSettings}. Runs trusted action scripts inside the host
 * JVM; untrusted scripts belong in the {@code cpython} runner.
 */
package io.edrplaybook.jython;
