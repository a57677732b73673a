package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import io.edrplaybook.testkit.ScriptRunnerConformanceKit;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The conformance kit catches broken runners: each mutant is the real cpython runner with one
 * fault, and the kit case that pins the rule down must fail on it (and pass on the real runner).
 */
class KitMutantsTest {
  /** Appended to every script: from its module level on, the script's stderr goes nowhere. */
  private static final String NO_STDERR = "\nimport sys as _edr_sys, os as _edr_os\n"
      + "_edr_sys.stderr = open(_edr_os.devnull, 'w')\n";
  /** Appended to every script: its run first exports the connector's API key, as a careless runner might. */
  private static final String EXPORTS_SECRET = "\n_edr_run = run\n\n\ndef run(ctx):\n"
      + "    import os\n"
      + "    os.environ['CONNECTOR_API_KEY'] = ctx.get('connector', {}).get('auth', {}).get('apiKey', '')\n"
      + "    return _edr_run(ctx)\n";

  /** The conformance kit on a cpython runner, with a fault; driven by hand (JUnit does not discover a private class). */
  private static final class Kit extends ScriptRunnerConformanceKit {
    private final UnaryOperator<ScriptRunner> fault;

    Kit(UnaryOperator<ScriptRunner> fault) {
      this.fault = fault;
    }

    @Override
    protected ScriptRunner createRunner() {
      return fault.apply(Pythons.runner("interpreter", "python3", "workers", 2));
    }

    @Override
    protected Duration shortTimeout() {
      return Duration.ofSeconds(1);  // as CPythonConformanceTest
    }

    void fails(Executable kitCase, String... saying) {
      startRunner();
      try {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, kitCase);
        for (String s : saying) {
          assertTrue(e.getMessage().contains(s), () -> "the kit's message must say \"" + s + "\": " + e.getMessage());
        }
      } finally {
        closeRunner();
      }
    }

    void passes(Executable kitCase) throws Throwable {
      startRunner();
      try {
        kitCase.execute();
      } finally {
        closeRunner();
      }
    }
  }

  @Test
  void aRunnerThatLosesStderrFailsTheOutputCase() throws Throwable {
    Kit mutant = new Kit(r -> new Mutant(r, text -> text + NO_STDERR, Duration.ZERO));
    mutant.fails(mutant::printToStdoutAndStderrIsCaptured, "to stderr");
    Kit real = new Kit(r -> r);
    real.passes(real::printToStdoutAndStderrIsCaptured);
  }

  @Test
  void aRunnerThatPutsTheConnectorsSecretIntoTheEnvironmentFailsTheSecretsCase() throws Throwable {
    Kit mutant = new Kit(r -> new Mutant(r, text -> text + EXPORTS_SECRET, Duration.ZERO));
    mutant.fails(mutant::neitherTheConnectorsSecretNorTheHostsVariablesAreInTheScriptsEnvironment,
        "the connector's API key in CONNECTOR_API_KEY");
    Kit real = new Kit(r -> r);
    real.passes(real::neitherTheConnectorsSecretNorTheHostsVariablesAreInTheScriptsEnvironment);
  }

  @Test
  void aRunnerThatStopsScriptsTenSecondsLateFailsTheDeadlineCaseNamingTheScript() {
    Kit mutant = new Kit(r -> new Mutant(r, text -> text, Duration.ofSeconds(10)));
    mutant.fails(mutant::spinningPastTheDeadlineIsStoppedAndTimedOut, "conformance/spin.py", "grace() PT2S");
  }

  /** The real runner, with the scripts' text rewritten and the deadline moved {@code late}. */
  private record Mutant(ScriptRunner real, UnaryOperator<String> rewrite, Duration late) implements ScriptRunner {
    @Override
    public String id() {
      return real.id();
    }

    @Override
    public CompiledScript compile(ScriptSource source) {
      CompiledScript inner = real.compile(new ScriptSource(source.name(), source.file(),
          rewrite.apply(source.text())));
      return new Rewritten(source, inner);
    }

    @Override
    public ScriptOutcome run(CompiledScript script, ScriptCall call) {
      if (!(script instanceof Rewritten r)) {
        throw new IllegalArgumentException("not a mutant's script: " + script);
      }
      return real.run(r.inner(), new ScriptCall(call.entryPoint(), call.ctx(), call.timeout().plus(late),
          call.invocationId()));
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

  /** A script the mutant compiled: the kit's source, and what the real runner compiled of its rewrite. */
  private record Rewritten(ScriptSource source, CompiledScript inner) implements CompiledScript {
    @Override
    public boolean hasTest() {
      return inner.hasTest();
    }
  }
}
