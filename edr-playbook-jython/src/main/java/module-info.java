import io.edrplaybook.jython.JythonScriptRunnerProvider;
import io.edrplaybook.spi.ScriptRunnerProvider;

/**
 * The {@code jython} script runner: scripts run in-process on Jython 2.7.
 *
 * <p>jython-standalone is an automatic module, which reads only the modules the graph already
 * holds; the JDK modules it loads classes from at start ({@code java.sql} for its type adapters)
 * are required here so that a host on the module path needs no {@code --add-modules}.
 */
module io.edrplaybook.jython {
  requires transitive io.edrplaybook.api;
  requires org.slf4j;
  requires org.python.jython2.standalone;
  requires java.sql;
  // not static: a modular host that compiles against the provider class needs the annotation type
  // in its module graph, or javac -Xlint warns that it cannot find AutoService.value()
  requires com.google.auto.service;

  exports io.edrplaybook.jython;
  // Not API: the Java objects the runner hands to Python (output capture, import hook). Jython calls
  // their methods only when their package is exported to every module (Module.isExported(String))
  exports io.edrplaybook.jython.internal.python;

  provides ScriptRunnerProvider with JythonScriptRunnerProvider;
}
