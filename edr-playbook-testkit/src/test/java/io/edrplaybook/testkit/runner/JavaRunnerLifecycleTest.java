package io.edrplaybook.testkit.runner;

import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import io.edrplaybook.testkit.ScriptRunnerLifecycleKit;

/** A runner that runs no Python passes the lifecycle part of the runner kit. */
class JavaRunnerLifecycleTest extends ScriptRunnerLifecycleKit {
  @Override
  protected ScriptRunner createRunner() {
    return new JavaLifecycleRunner();
  }

  @Override
  protected ScriptSource lifecycleScript(LifecycleScript which) {
    return JavaRunnerLifecycleTest.script(which);
  }

  static ScriptSource script(LifecycleScript which) {
    return new ScriptSource(which.name().toLowerCase(java.util.Locale.ROOT), "lifecycle/" + which,
        which.name().toLowerCase(java.util.Locale.ROOT));
  }
}
