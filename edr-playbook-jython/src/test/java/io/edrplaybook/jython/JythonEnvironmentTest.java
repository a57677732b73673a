package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The host's environment reaches neither a script nor the processes it starts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JythonEnvironmentTest {
  private static final Set<String> ALLOWED = Set.of("PATH", "LANG", "TZ", "HOME", "EDR_REGION");
  private ScriptRunner runner;

  @BeforeAll
  void start() {
    runner = new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 1).with("warmUp", false).with("environment", Map.of("EDR_REGION", "eu")));
  }

  @AfterAll
  void stop() {
    runner.close();
  }

  private ScriptOutcome run(String source) {
    var script = runner.compile(new ScriptSource("env", "scripts/env.py", source));
    return runner.run(script, new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofSeconds(30), "env"));
  }

  @Test
  void aProcessTheScriptStartsGetsOnlyTheScriptsEnvironment() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "skipped: needs /usr/bin/env");
    ScriptOutcome outcome = run("import subprocess\ndef run(ctx):\n"
        + "    out = subprocess.check_output(['/usr/bin/env'])\n"
        + "    return {'names': sorted(l.split('=', 1)[0] for l in out.splitlines() if '=' in l)}\n");
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) outcome.result().orElseThrow(() -> new AssertionError(outcome.toString())).get("names");
    List<String> extra = new ArrayList<>(names);
    extra.removeAll(ALLOWED);
    assertEquals(List.of(), extra, "host variables a child process must not get (names only)");
    assertEquals(true, names.contains("EDR_REGION"), () -> "the configured variable is missing: " + names);
  }

  @Test
  void osGetenvSeesNoHostVariable() {
    String hostOnly = System.getenv().keySet().stream().filter(n -> !ALLOWED.contains(n)).findFirst()
        .orElse(null);
    assumeTrue(hostOnly != null, "skipped: the host has no variable beyond the minimal ones");
    ScriptOutcome outcome = run("import os\ndef run(ctx):\n    return {'seen': os.getenv('" + hostOnly
        + "') is not None}\n");
    assertEquals(Map.of("seen", false), outcome.result().orElseThrow(() -> new AssertionError(outcome.toString())),
        "os.getenv must not see the host's " + hostOnly);
  }
}
