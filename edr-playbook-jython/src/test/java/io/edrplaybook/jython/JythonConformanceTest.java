package io.edrplaybook.jython;

import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.testkit.ScriptRunnerConformanceKit;
import java.util.Map;
import java.util.Set;

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

  /**
   * A script runs in the host JVM: a process it starts (Jython's {@code subprocess} is Java's
   * ProcessBuilder) is the host's child, which the runner cannot tell from the host's own and so
   * does not stop at the deadline.
   */
  @Override
  protected Set<Capability> unsupported() {
    return Set.of(Capability.PROCESS_CLEANUP);
  }
}
