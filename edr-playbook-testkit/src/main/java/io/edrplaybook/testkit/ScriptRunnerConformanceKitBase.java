package io.edrplaybook.testkit;

import static io.edrplaybook.testkit.ScriptRunnerConformanceKitSupport.normalize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;

/**
 * Hooks, lifecycle and helpers of the runner conformance kit. Subclass
 * {@link ScriptRunnerConformanceKit}, not this: it holds the tests.
 *
 * <p>A runner that does not (yet) keep part of the contract says so in {@link #unsupported()}:
 * the cases of that {@link Capability} are then skipped, each saying why, instead of failing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScriptRunnerConformanceKitBase extends ScriptRunnerLifecycleKit {
  /** Jython 2.7, in the host JVM. */
  public static final String JYTHON = "jython";
  /** CPython 2.7. */
  public static final String CPYTHON2 = "cpython2";
  /** CPython 3.x. */
  public static final String CPYTHON3 = "cpython3";

  /**
   * Parts of the script contract a runner may declare it does not keep ({@link #unsupported()}).
   * Everything else in the kit is required of every runner.
   */
  public enum Capability {
    /**
     * The run-time surroundings: {@code __file__} is the script's path (a pseudo path for inline
     * scripts), {@code sys.argv == [__file__]}, the working directory is the script's folder (a
     * scratch directory of the runner for inline scripts), and the script's folder is
     * {@code sys.path[0]}.
     */
    SCRIPT_RUNTIME,
    /**
     * An environment with no host secrets: only
     * {@link ScriptRunnerConformanceKitBase#minimalEnvironmentNames()} and the
     * runner's configured {@code environment}; no variable holds the connector's secret from
     * {@code ctx} or the value of a host variable a script may not see.
     */
    MINIMAL_ENVIRONMENT,
    /**
     * Nothing a run does to {@code os.environ}, {@code sys.modules}, {@code sys.path} or the
     * working directory is seen by a later run, and
     * the modules a script imports from its own folder are never seen by another script's runs.
     */
    RUN_ISOLATION,
    /**
     * A timed-out run keeps the output printed before its deadline and records where the script
     * was at the deadline as a traceback in the outcome's error.
     */
    TIMEOUT_DIAGNOSTICS,
    /**
     * Processes a script starts (children, and their children) are gone once its run has ended
     * past the deadline. A runner whose scripts cannot start processes, or that cannot stop them
     * (Jython, in the host JVM), declares it unsupported.
     */
    PROCESS_CLEANUP
  }

  private final Map<String, CompiledScript> compiled = new ConcurrentHashMap<>();
  private Path scriptDirectory;

  /** Returns which Python the runner runs: {@link #JYTHON}, {@link #CPYTHON2} or {@link #CPYTHON3}. */
  protected String pythonFlavor() {
    return CPYTHON3;
  }

  /** Returns the output cap, in characters, the runner was created with (default 64 KiB). */
  protected long outputCap() {
    return 64 * 1024;
  }

  /**
   * Returns the parts of the contract this runner does not keep; their cases are skipped, saying
   * so (default none: every case runs).
   */
  protected Set<Capability> unsupported() {
    return Set.of();
  }

  /**
   * Returns the {@code environment} setting the runner was created with: these variables, with
   * these values, must be visible to scripts (default none; the check is then skipped).
   */
  protected Map<String, String> configuredEnvironment() {
    return Map.of();
  }

  /**
   * Returns the names of the variables a runner may give every script besides its configured
   * {@code environment}; no other host variable may reach a script. Default: {@code PATH},
   * {@code HOME}, {@code TMPDIR}, {@code SYSTEMROOT}, {@code TZ}, {@code LANG}, {@code LC_ALL},
   * {@code LC_CTYPE}, {@code PYTHONIOENCODING}, {@code PYTHONDONTWRITEBYTECODE}.
   */
  protected Set<String> minimalEnvironmentNames() {
    return Set.of("PATH", "HOME", "TMPDIR", "SYSTEMROOT", "TZ", "LANG", "LC_ALL", "LC_CTYPE",
        "PYTHONIOENCODING", "PYTHONDONTWRITEBYTECODE");
  }

  /** Returns the file name the kit gives corpus script {@code name}; tracebacks must show it. */
  protected String fileNameOf(String name) {
    return "conformance/" + name;
  }

  @Override
  protected void afterRunnerClosed() {
    if (scriptDirectory != null) {
      ScriptRunnerConformanceKitSupport.deleteTree(scriptDirectory);
    }
  }

  /** The lifecycle scripts from the corpus: {@code echo.py} and {@code lifecycle_hang.py}. */
  @Override
  protected ScriptSource lifecycleScript(LifecycleScript which) {
    return source(switch (which) {
      case ECHO -> "echo.py";
      case HANG -> "lifecycle_hang.py";
    });
  }

  /** Skips the calling case, saying why, when the runner declares it does not keep {@code c}. */
  protected final void assumeSupported(Capability c) {
    Assumptions.assumeFalse(unsupported().contains(c),
        () -> "skipped: the runner declares it does not support " + c);
  }

  /**
   * Copies corpus file {@code name} (a path under the corpus, e.g. {@code packs/alpha/alpha.py})
   * to the same relative path under the kit's script directory, a real folder created for this
   * test class (its real path, no symbolic links) and deleted after it; returns the copy's path.
   */
  protected final Path onDisk(String name) {
    try {
      if (scriptDirectory == null) {
        scriptDirectory = Files.createTempDirectory("edr-conformance-").toRealPath();
      }
      Path file = scriptDirectory.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, ScriptRunnerConformanceKitSupport.corpusText(name));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy corpus file \"" + name + "\" to disk", e);
    }
  }

  /**
   * Compiles the script at {@code file} (an absolute path, as the engine gives file-based
   * scripts), named after its file.
   */
  protected final CompiledScript compileFile(Path file) {
    try {
      return runner().compile(new ScriptSource(file.getFileName().toString().replace(".py", ""),
          file.toString(), Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
  }

  /** Returns the corpus script {@code name} as a source, under {@link #fileNameOf}. */
  protected final ScriptSource source(String name) {
    return new ScriptSource(name.replace(".py", ""), fileNameOf(name),
        ScriptRunnerConformanceKitSupport.corpusText(name));
  }

  /** Compiles corpus script {@code name} once per class. */
  protected final CompiledScript compile(String name) {
    return compiled.computeIfAbsent(name, n -> runner().compile(source(n)));
  }

  /** Runs corpus script {@code name} with {@code ctx} under {@code timeout}. */
  protected final ScriptOutcome run(String name, EntryPoint entry, Map<String, Object> ctx,
      Duration timeout) {
    return run(compile(name), entry, ctx, timeout);
  }

  /** Runs {@code run(ctx)} of corpus script {@code name} under the normal deadline. */
  protected final ScriptOutcome run(String name, Map<String, Object> ctx) {
    return run(name, EntryPoint.RUN, ctx, normalTimeout());
  }

  /** Asserts a succeeded outcome and returns its result, integers as BigInteger (null for None). */
  @SuppressWarnings("unchecked")
  protected static Map<String, Object> succeeded(ScriptOutcome outcome) {
    assertEquals(Status.SUCCEEDED, outcome.status(), () -> "expected success, was " + describe(outcome));
    return outcome.result().map(r -> (Map<String, Object>) normalize(r)).orElse(null);
  }

  /** Asserts a failed outcome and returns its error. */
  protected static ScriptError failed(ScriptOutcome outcome) {
    assertEquals(Status.FAILED, outcome.status(), () -> "expected failure, was " + describe(outcome));
    assertTrue(outcome.result().isEmpty(), "a failed run has no result");
    return outcome.error().orElseThrow();
  }

  /** Asserts that a normal run still succeeds: the runner is healthy after a bad case. */
  protected final void assertHealthy() {
    assertEquals(Map.of("ok", true), succeeded(run("ok.py", Map.of())),
        "a normal run must succeed after a bad case");
  }

  /** Describes an outcome for assertion messages. */
  protected static String describe(ScriptOutcome o) {
    return o.status() + " " + o.error().map(ScriptError::summary).orElse("")
        + o.result().map(r -> " result=" + r).orElse("") + " output=" + abbreviate(o.output());
  }

  /** Returns at most the first 300 characters of {@code s}. */
  protected static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
  }

}
