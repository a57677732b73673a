package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import io.edrplaybook.testkit.ScriptRunnerConformanceKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.opentest4j.AssertionFailedError;

/**
 * Why the Jython runner declares {@code PROCESS_CLEANUP} unsupported, and that the kit's case
 * catches a runner that leaves processes behind: on Jython, the processes a script starts (here
 * CPython ones: Jython has no interpreter executable of its own to start) outlive its deadline.
 */
@EnabledIf(value = "hasPython3", disabledReason = "skipped: needs a python3 on PATH to start as the script's child")
class JythonProcessCleanupTest {

  static boolean hasPython3() {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, "python3")));
  }

  /** The kit on Jython, claiming every capability; driven by hand (JUnit does not discover a private class). */
  private static final class Kit extends ScriptRunnerConformanceKit {
    @Override
    protected ScriptRunner createRunner() {
      return new ChildrenAreCPython(new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
          .with("poolSize", 1)));
    }

    @Override
    protected String pythonFlavor() {
      return JYTHON;
    }
  }

  @Test
  void processesAJythonScriptStartsOutliveItsDeadlineAndTheKitSaysSo() {
    Kit kit = new Kit();
    kit.startRunner();
    try {
      AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::processesAScriptStartedAreGoneAfterItsDeadline);
      assertTrue(e.getMessage().contains("processes grandchild.py started must be gone"), e::getMessage);
    } finally {
      kit.closeRunner();
    }
  }

  /** The Jython runner, with {@code sys.executable} in scripts read as {@code python3}. */
  private record ChildrenAreCPython(ScriptRunner real) implements ScriptRunner {
    @Override
    public String id() {
      return real.id();
    }

    @Override
    public CompiledScript compile(ScriptSource source) {
      return new Rewritten(source, real.compile(new ScriptSource(source.name(), source.file(),
          source.text().replace("sys.executable", "'python3'"))));
    }

    @Override
    public ScriptOutcome run(CompiledScript script, ScriptCall call) {
      return real.run(((Rewritten) script).inner(), call);
    }

    @Override
    public Duration grace() {
      return real.grace();
    }

    @Override
    public void close() {
      real.close();
    }
  }

  private record Rewritten(ScriptSource source, CompiledScript inner) implements CompiledScript {
    @Override
    public boolean hasTest() {
      return inner.hasTest();
    }
  }
}
