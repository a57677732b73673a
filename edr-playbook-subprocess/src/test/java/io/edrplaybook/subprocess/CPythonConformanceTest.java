package io.edrplaybook.subprocess;

import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.testkit.ScriptRunnerConformanceKit;
import java.time.Duration;
import java.util.Map;

/** The runner conformance kit, on python3. */
class CPythonConformanceTest extends ScriptRunnerConformanceKit {
  /** The runner's {@code environment} setting, which scripts must see. */
  static final Map<String, String> ENVIRONMENT = Map.of("EDR_KIT_REGION", "eu-west");

  @Override
  protected ScriptRunner createRunner() {
    return new SubprocessScriptRunnerProvider().create(RunnerSettings.empty("cpython")
        .with("interpreter", "python3").with("workers", 2).with("environment", ENVIRONMENT));
  }

  @Override
  protected String pythonFlavor() {
    return CPYTHON3;
  }

  @Override
  protected Map<String, String> configuredEnvironment() {
    return ENVIRONMENT;
  }

  /**
   * A timed-out run kills its worker, so the next such run may have to start one within its
   * deadline: 300 ms is too short for that on a loaded machine (the call would then find no
   * worker in time), so the cases get 1 s.
   */
  @Override
  protected Duration shortTimeout() {
    return Duration.ofSeconds(1);
  }
}
