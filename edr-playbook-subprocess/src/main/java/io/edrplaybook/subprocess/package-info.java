/**
 * The {@code cpython} runner: action scripts in external CPython 2.7 or 3.x processes. Add this
 * module to the classpath and pick the runner with id {@code cpython}; see
 * {@link io.edrplaybook.subprocess.CPythonSettings} for its settings.
 */
package io.edrplaybook.subprocess;
