package io.edrplaybook.jython;

import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.testkit.ScriptRunnerConformanceKit;

/** The Jython runner keeps the script contract: the runner conformance kit, run on Jython. */
class JythonConformanceTest extends ScriptRunnerConformanceKit {

  @Override
  protected ScriptRunner createRunner() {
    return new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 2).with("outputCap", outputCap()));
  }

  @Override
  protected String pythonFlavor() {
    return JYTHON;
  }
}
