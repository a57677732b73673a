package io.edrplaybook.jython;

import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.testkit.ScriptRunnerConformanceKit;
import java.util.Map;

/** The Jython runner keeps the script contract: the runner conformance kit, run on Jython. */
class JythonConformanceTest extends ScriptRunnerConformanceKit {
  private static final Map<String, String> ENVIRONMENT = Map.of("EDR_KIT_REGION", "eu-west");

  @Override
  protected ScriptRunner createRunner() {
    return new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 2).with("outputCap", outputCap()).with("environment", ENVIRONMENT));
  }

  @Override
  protected String pythonFlavor() {
    return JYTHON;
  }

  @Override
  protected Map<String, String> configuredEnvironment() {
    return ENVIRONMENT;
  }
}
