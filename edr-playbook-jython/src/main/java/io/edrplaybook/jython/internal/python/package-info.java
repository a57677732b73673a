/**
 * Not API: the Java objects the {@code jython} runner hands to Python ({@code sys.stdout} and
 * {@code sys.stderr} of a run, the {@code sys.meta_path} importer of script folders). Jython calls
 * their methods by reflection only when their package is exported to every module, so on the
 * module path this package is exported; it may change in any release without notice.
 */
package io.edrplaybook.jython.internal.python;
