package io.edrplaybook.subprocess;

import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.testkit.ScriptRunnerConformanceKit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The runner conformance kit, on python2.7: skipped, saying why, when this machine has no working
 * python2.7 on PATH nor in ~/.pyenv/versions/2.7*.
 */
@EnabledIf(value = "io.edrplaybook.subprocess.Pythons#hasPython27", disabledReason = "skipped: the"
    + " Python 2.7 conformance run needs a working python2.7 on PATH or in"
    + " ~/.pyenv/versions/2.7*/bin, and this machine has none")
class CPython27ConformanceTest extends ScriptRunnerConformanceKit {
  @Override
  protected ScriptRunner createRunner() {
    // @EnabledIf above skips the whole class, saying why, when there is no python2.7
    return new SubprocessScriptRunnerProvider().create(RunnerSettings.empty("cpython")
        .with("interpreter", Pythons.python27().orElseThrow()).with("workers", 2)
        .with("environment", CPythonConformanceTest.ENVIRONMENT));
  }

  @Override
  protected String pythonFlavor() {
    return CPYTHON2;
  }

  @Override
  protected Map<String, String> configuredEnvironment() {
    return CPythonConformanceTest.ENVIRONMENT;
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
