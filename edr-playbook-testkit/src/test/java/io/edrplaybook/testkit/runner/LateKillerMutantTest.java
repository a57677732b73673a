package io.edrplaybook.testkit.runner;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import io.edrplaybook.testkit.ScriptRunnerLifecycleKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The kit's guard is tied to the runner's own grace: a runner that stops a script 10 s late while
 * declaring a grace of 2 s fails the kit, in seconds, with a message naming the script.
 */
class LateKillerMutantTest {

  /** The lifecycle kit on a runner; driven by hand (JUnit does not discover a private class). */
  private static final class Kit extends ScriptRunnerLifecycleKit {
    private final Duration late;

    Kit(Duration late) {
      this.late = late;
    }

    @Override
    protected ScriptRunner createRunner() {
      return new LateKiller(new JavaLifecycleRunner(), late);
    }

    @Override
    protected ScriptSource lifecycleScript(LifecycleScript which) {
      return JavaRunnerLifecycleTest.script(which);
    }
  }

  @Test
  void aRunnerThatStopsScriptsTenSecondsLateFailsTheGraceCaseNamingTheScript() {
    Kit kit = new Kit(Duration.ofSeconds(10));
    kit.startRunner();
    try {
      AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::hangingCallIsTimedOutWithinTheRunnersGrace);
      assertTrue(e.getMessage().contains("lifecycle/HANG"), e::getMessage);
      assertTrue(e.getMessage().contains("grace() PT2S"), e::getMessage);
    } finally {
      kit.closeRunner();
    }
  }

  @Test
  void theSameRunnerStoppingScriptsOnTimePassesTheGraceCase() {
    Kit kit = new Kit(Duration.ZERO);
    kit.startRunner();
    try {
      kit.hangingCallIsTimedOutWithinTheRunnersGrace();
    } finally {
      kit.closeRunner();
    }
  }
}
