import io.edrplaybook.spi.ScriptRunnerProvider;
import io.edrplaybook.subprocess.SubprocessScriptRunnerProvider;

/** The {@code cpython} script runner: scripts run in worker processes of a Python 2.7 or 3 interpreter. */
module io.edrplaybook.subprocess {
  requires transitive io.edrplaybook.api;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires static com.google.auto.service;

  exports io.edrplaybook.subprocess;

  provides ScriptRunnerProvider with SubprocessScriptRunnerProvider;
}
