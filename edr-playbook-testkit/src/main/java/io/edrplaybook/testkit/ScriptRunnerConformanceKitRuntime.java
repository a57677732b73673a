package io.edrplaybook.testkit;

import static io.edrplaybook.testkit.ScriptRunnerConformanceKitSupport.normalize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance cases of what a script can rely on at run time (its path, arguments, working
 * directory and environment), of what must not survive a run, and of what a timed-out run
 * records. Each belongs to a {@link Capability} a runner may declare unsupported. Subclass
 * {@link ScriptRunnerConformanceKit}, not this.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScriptRunnerConformanceKitRuntime extends ScriptRunnerConformanceKitBase {
  /** How often a check after a state-changing run is repeated, to reach every worker of a small pool. */
  private static final int REPEATS = 4;

  // ---- __file__, sys.argv, working directory --------------------------------------------

  @Test
  public void scriptOnDiskSeesItsPathAsFileAndAsArgv() {
    assumeSupported(Capability.SCRIPT_RUNTIME);
    Path file = onDisk("runtime/runtime.py");
    Map<String, Object> seen = succeeded(run(compileFile(file), Map.of()));
    assertEquals(file.toString(), seen.get("file"), "__file__ must be the script's path");
    assertEquals(List.of(file.toString()), seen.get("argv"), "sys.argv must be [the script's path]");
  }

  @Test
  public void scriptOnDiskRunsInItsFolderWithItFirstOnSysPath() {
    assumeSupported(Capability.SCRIPT_RUNTIME);
    onDisk("runtime/sibling.txt");
    Path file = onDisk("runtime/runtime.py");
    Map<String, Object> seen = succeeded(run(compileFile(file), Map.of()));
    assertEquals(file.getParent().toString(), seen.get("cwd"),
        "the working directory must be the script's folder");
    assertEquals("read from the script's folder", seen.get("sibling"),
        "a file beside the script must open by its bare name");
    assertEquals(file.getParent().toString(), seen.get("path0"),
        "sys.path[0] must be the script's folder");
  }

  @Test
  public void inlineScriptSeesItsPseudoPathAsFileAndAsArgv() {
    assumeSupported(Capability.SCRIPT_RUNTIME);
    Map<String, Object> seen = succeeded(run("runtime/runtime.py", Map.of()));
    String pseudo = fileNameOf("runtime/runtime.py");
    assertEquals(pseudo, seen.get("file"), "__file__ of a script not on disk is its file name as given");
    assertEquals(List.of(pseudo), seen.get("argv"), "sys.argv must be [__file__]");
  }

  @Test
  public void inlineScriptRunsInAnExistingDirectoryThatIsNotTheHostsWorkingDirectory() {
    assumeSupported(Capability.SCRIPT_RUNTIME);
    Map<String, Object> seen = succeeded(run("runtime/runtime.py", Map.of()));
    assertEquals(true, seen.get("cwd_is_dir"), () -> "the working directory must exist: " + seen.get("cwd"));
    String cwd = (String) seen.get("cwd");
    assertTrue(Path.of(cwd).isAbsolute(), () -> "os.getcwd() must be absolute, was " + cwd);
    assertNotEquals(ScriptRunnerConformanceKitSupport.realPath(System.getProperty("user.dir")), cwd,
        "a script without a folder must not run in the host's working directory");
  }

  // ---- environment -----------------------------------------------------------------------

  @Test
  public void environmentHoldsOnlyTheMinimalVariablesAndTheConfiguredOnes() {
    assumeSupported(Capability.MINIMAL_ENVIRONMENT);
    List<String> extra = new ArrayList<>();
    for (Object name : names(succeeded(run("environ.py", Map.of())))) {
      if (!minimalEnvironmentNames().contains(name) && !configuredEnvironment().containsKey(name)) {
        extra.add((String) name); // names only: the values may be the host's secrets
      }
    }
    assertEquals(List.of(), extra, "host variables a script must not see (allowed: "
        + new TreeSet<>(minimalEnvironmentNames()) + " and the configured environment)");
  }

  @Test
  public void configuredEnvironmentVariablesAreVisible() {
    assumeSupported(Capability.MINIMAL_ENVIRONMENT);
    assumeFalse(configuredEnvironment().isEmpty(),
        "skipped: configuredEnvironment() names no variable the runner was configured with");
    Map<String, Object> seen = succeeded(run("environ.py",
        ctx("show", new ArrayList<>(configuredEnvironment().keySet()))));
    assertEquals(configuredEnvironment(), seen.get("shown"));
  }

  // ---- nothing survives a run ------------------------------------------------------------

  @Test
  public void ctxChangesOfOneRunDoNotReachTheNextRunsCtx() {
    // every runner: a ctx shared between runs would hand one run's changes to the next
    Map<String, Object> in = ctx("text", "kept", "number", 7, "empty", Map.of(),
        "nested", ctx("list", List.of("first", 2), "gone", "still here", "keep", ctx("deep", 1.5)));
    for (int i = 0; i < REPEATS; i++) {
      succeeded(run("ctx_change.py", in));
      assertEquals(ctx("ctx", normalize(in)), succeeded(run("echo.py", in)),
          "a run must get the ctx it was given, whatever an earlier run did to its own");
    }
  }

  @Test
  public void environmentChangesDoNotSurviveTheRun() {
    assumeSupported(Capability.RUN_ISOLATION);
    List<?> before = names(succeeded(run("environ.py", Map.of())));
    for (int i = 0; i < REPEATS; i++) {
      succeeded(run("env_set.py", Map.of()));
      List<?> after = names(succeeded(run("environ.py", Map.of())));
      assertEquals(before, after, "os.environ must be as it was before a run that changed it");
    }
  }

  @Test
  public void moduleAScriptPutIntoSysModulesIsGoneInTheNextRun() {
    assumeSupported(Capability.RUN_ISOLATION);
    for (int i = 0; i < REPEATS; i++) {
      succeeded(run("plant_module.py", Map.of()));
      assertEquals(ctx("found", false), succeeded(run("import_planted.py", Map.of())),
          "a module a run put into sys.modules must not be importable by a later run");
    }
  }

  @Test
  public void standardModuleAScriptReplacedInSysModulesIsTheRealOneInTheNextRun() {
    assumeSupported(Capability.RUN_ISOLATION);
    Map<String, Object> real = succeeded(run("import_json.py", Map.of()));
    assertEquals(ctx("owner", null, "dumps", "[1]"), real);
    for (int i = 0; i < REPEATS; i++) {
      succeeded(run("replace_module.py", Map.of()));
      assertEquals(real, succeeded(run("import_json.py", Map.of())),
          "a module a run put into sys.modules in place of a standard one must not be what a later run imports");
    }
  }

  @Test
  public void sysPathAndWorkingDirectoryChangesDoNotSurviveTheRun() {
    assumeSupported(Capability.RUN_ISOLATION);
    Map<String, Object> before = succeeded(run("where.py", Map.of()));
    for (int i = 0; i < REPEATS; i++) {
      succeeded(run("wander.py", Map.of()));
      assertEquals(before, succeeded(run("where.py", Map.of())),
          "sys.path and the working directory must be as they were before a run that changed them");
    }
  }

  @Test
  public void helperPackagesOfScriptsInTwoFoldersStayApart() {
    assumeSupported(Capability.RUN_ISOLATION);
    assumeSupported(Capability.SCRIPT_RUNTIME); // helpers import from the script's folder
    CompiledScript alpha = compilePack("alpha");
    CompiledScript beta = compilePack("beta");
    for (int i = 0; i < REPEATS; i++) {
      assertEquals(ctx("pack", "alpha", "greeting", "hello from alpha"), succeeded(run(alpha, Map.of())),
          "alpha.py must import its own lib.helper");
      assertEquals(ctx("pack", "beta", "greeting", "hello from beta"), succeeded(run(beta, Map.of())),
          "beta.py must import its own lib.helper, not alpha's");
    }
  }

  // ---- what a timed-out run records --------------------------------------------------------

  // one case per way of hanging, so a report names it: hang.py with ctx how = spin or sleep

  /** {@code hang.py} spinning: the output printed before the deadline is kept. */
  @Test
  public void timedOutSpinningRunKeepsTheOutputPrintedBeforeTheDeadline() {
    assertKeepsTheOutputPrintedBeforeTheDeadline("spin");
  }

  /** {@code hang.py} sleeping: the output printed before the deadline is kept. */
  @Test
  public void timedOutSleepingRunKeepsTheOutputPrintedBeforeTheDeadline() {
    assertKeepsTheOutputPrintedBeforeTheDeadline("sleep");
  }

  /** {@code hang.py} spinning: the error's traceback shows {@code spin_here}. */
  @Test
  public void timedOutSpinningRunRecordsWhereTheScriptWasAsATraceback() {
    assertRecordsWhereTheScriptWas("spin");
  }

  /** {@code hang.py} sleeping: the error's traceback shows {@code sleep_here}. */
  @Test
  public void timedOutSleepingRunRecordsWhereTheScriptWasAsATraceback() {
    assertRecordsWhereTheScriptWas("sleep");
  }

  private void assertKeepsTheOutputPrintedBeforeTheDeadline(String how) {
    assumeSupported(Capability.TIMEOUT_DIAGNOSTICS);
    ScriptOutcome outcome = run("hang.py", EntryPoint.RUN, ctx("how", how), shortTimeout());
    assertEquals(Status.TIMED_OUT, outcome.status(), () -> "hang.py (" + how + "): " + describe(outcome));
    assertTrue(outcome.output().contains("printed before the deadline"),
        () -> "hang.py (" + how + "): the output printed before the deadline was lost: " + describe(outcome));
    assertHealthy();
  }

  private void assertRecordsWhereTheScriptWas(String how) {
    assumeSupported(Capability.TIMEOUT_DIAGNOSTICS);
    ScriptOutcome outcome = run("hang.py", EntryPoint.RUN, ctx("how", how), shortTimeout());
    assertEquals(Status.TIMED_OUT, outcome.status(), () -> "hang.py (" + how + "): " + describe(outcome));
    ScriptError error = outcome.error().orElseThrow();
    String traceback = error.traceback();
    assertTrue(traceback.contains(fileNameOf("hang.py")) && traceback.contains(how + "_here"),
        () -> "the traceback must show the script in " + how + "_here() of " + fileNameOf("hang.py")
            + ", was: " + traceback);
    assertHealthy();
  }

  private CompiledScript compilePack(String pack) {
    onDisk("packs/" + pack + "/lib/__init__.py");
    onDisk("packs/" + pack + "/lib/helper.py");
    return compileFile(onDisk("packs/" + pack + "/" + pack + ".py"));
  }

  private static List<?> names(Map<String, Object> seen) {
    return (List<?>) seen.get("names");
  }
}
