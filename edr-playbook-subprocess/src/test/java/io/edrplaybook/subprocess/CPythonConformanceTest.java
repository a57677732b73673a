package io.edrplaybook.subprocess;

import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.testkit.ScriptRunnerConformanceKit;

/** The runner conformance kit, on python3. */
class CPythonConformanceTest extends ScriptRunnerConformanceKit {
  @Override
  protected ScriptRunner createRunner() {
    return new SubprocessScriptRunnerProvider().create(
        RunnerSettings.empty("cpython").with("interpreter", "python3").with("workers", 2));
  }

  @Override
  protected String pythonFlavor() {
    return CPYTHON3;
  }
}
