import io.edrplaybook.spi.ScriptRunnerProvider;
import io.edrplaybook.subprocess.SubprocessScriptRunnerProvider;

/** The {@code cpython} script runner: scripts run in worker processes of a Python 2.7 or 3 interpreter. */
module io.edrplaybook.subprocess {
  requires transitive io.edrplaybook.api;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  // not static: a modular host that compiles against the provider class needs the annotation type
  // in its module graph, or javac -Xlint warns that it cannot find AutoService.value()
  requires com.google.auto.service;

  exports io.edrplaybook.subprocess;

  provides ScriptRunnerProvider with SubprocessScriptRunnerProvider;
}
