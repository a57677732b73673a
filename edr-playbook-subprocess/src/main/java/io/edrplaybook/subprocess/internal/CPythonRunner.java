package io.edrplaybook.subprocess.internal;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import io.edrplaybook.subprocess.CPythonSettings;
import io.edrplaybook.subprocess.SubprocessScriptRunnerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code cpython} runner: scripts run in external CPython worker processes. Creating it
 * probes the interpreter (and, once per JVM, whether PID namespaces work) but starts no worker:
 * workers start on the first compile or run.
 */
public final class CPythonRunner implements ScriptRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CPythonRunner.class);
  private static final String BOOTSTRAP = "bootstrap.py";
  private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(30);
  private static final String COMPILE_PARTITION = "\u0000compile";

  private final CPythonSettings settings;
  private final Path workDir;
  private final WorkerFactory factory;
  private final WorkerPool pool;
  private final Protocol protocol;
  private final long hardSlackNanos;
  private final Thread shutdownHook;

  private CPythonRunner(CPythonSettings settings, Path workDir, Interpreter interpreter,
      Launcher launcher, String bootstrap) {
    this.settings = settings;
    this.workDir = workDir;
    this.protocol = new Protocol(settings);
    this.factory = new WorkerFactory(interpreter, launcher, bootstrap, workDir, settings, protocol);
    this.pool = new WorkerPool(factory, settings.workers(), settings.workersPerConnector(),
        settings.mode() == CPythonSettings.Mode.POOLED, settings.runsPerWorker());
    // the worker reports a timeout at the deadline; the hard kill follows shortly after
    this.hardSlackNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(250, settings.grace().toMillis() / 4));
    this.shutdownHook = new Thread(pool::close, "edr-playbook-cpython-shutdown");
  }

  /**
   * Finds the interpreter and prepares a private folder; starts no worker.
   *
   * @throws PlaybookException when no usable interpreter is found, or PID namespaces are
   *     required but not available
   */
  public static CPythonRunner start(CPythonSettings settings) {
    String bootstrap;
    try (InputStream in = CPythonRunner.class.getResourceAsStream(BOOTSTRAP)) {
      bootstrap = new String(Objects.requireNonNull(in, "bootstrap.py resource is missing")
          .readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new PlaybookException("Could not read the cpython runner's bootstrap: " + e.getMessage(), e);
    }
    Launcher launcher = Launcher.of(settings.pidNamespace());
    Path dir;
    try {
      dir = Files.createTempDirectory("edr-playbook-cpython-");
    } catch (IOException e) {
      throw new PlaybookException("Could not create the cpython runner's temporary folder: "
          + e.getMessage(), e);
    }
    try {
      Interpreter interpreter = Interpreter.locate(settings, dir);
      CPythonRunner runner = new CPythonRunner(settings, dir, interpreter, launcher, bootstrap);
      Runtime.getRuntime().addShutdownHook(runner.shutdownHook);
      LOG.info("cpython runner: {}, up to {} {} worker(s) ({} per connector, partitioned by {}),"
          + " {}, output cap {}, memory limit {}", interpreter.describe(), settings.workers(),
          settings.mode(), settings.workersPerConnector(), settings.partition(), launcher.describe(),
          settings.outputCap(), settings.memoryLimit() == 0 ? "none" : settings.memoryLimit() + " bytes");
      return runner;
    } catch (RuntimeException e) {
      ProcFs.delete(dir);
      throw e;
    }
  }

  @Override
  public String id() {
    return SubprocessScriptRunnerProvider.ID;
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    Objects.requireNonNull(source, "source");
    PythonScript probe = new PythonScript(source, PythonScript.keyOf(source), false);
    long deadline = System.nanoTime() + COMPILE_TIMEOUT.toNanos();
    Worker w = pool.acquire(COMPILE_PARTITION, COMPILE_PARTITION, deadline);
    boolean healthy = false;
    Reply reply;
    try {
      Protocol.Request request = protocol.compile(probe);
      reply = w.exchange(request.bytes(), request.id(), deadline);
      healthy = reply.kind() == Reply.Kind.FRAME;
      if (healthy && Boolean.TRUE.equals(reply.frame().get("ok"))) {
        w.learned(probe.key());  // before release: the worker is ours only until then
      }
    } finally {
      pool.release(w, COMPILE_PARTITION, healthy);
    }
    if (!healthy) {
      throw new PlaybookException("Could not compile " + source.file() + ": the Python worker "
          + switch (reply.kind()) {
            case TIMED_OUT -> "did not answer within " + COMPILE_TIMEOUT.toSeconds() + " s";
            case CLOSED -> "was stopped because the runner closed";
            default -> reply.detail() + (reply.stderrTail().isBlank() ? "" : "; its stderr: "
                + reply.stderrTail().strip());
          });
    }
    Map<String, Object> f = reply.frame();
    if (!Boolean.TRUE.equals(f.get("ok"))) {
      throw new ScriptValidationException(source.file(), number(f.get("line")),
          number(f.get("column")), String.valueOf(f.get("type")), String.valueOf(f.get("reason")));
    }
    if (!Boolean.TRUE.equals(f.get("run"))) {
      throw new ScriptValidationException(source.file(), 0, 0, ScriptValidationException.NO_RUN_FUNCTION,
          "the script defines no top-level 'def run(ctx)'");
    }
    return new PythonScript(source, probe.key(), Boolean.TRUE.equals(f.get("test")));
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    Objects.requireNonNull(call, "call");
    if (!(script instanceof PythonScript ps)) {
      throw new IllegalArgumentException("The cpython runner runs only scripts it compiled, was "
          + script);
    }
    long deadline = System.nanoTime() + nanos(call.timeout());
    Tenancy tenancy = Tenancy.of(call.ctx(), settings.partition());
    Worker w = pool.acquire(tenancy.partition(), tenancy.connector(), deadline);
    boolean healthy = false;
    try {
      Reply reply = exchange(w, ps, call, !w.knows(ps.key()), deadline);
      if (reply.kind() == Reply.Kind.FRAME && "nosource".equals(reply.frame().get("status"))) {
        reply = exchange(w, ps, call, true, deadline);
      }
      healthy = reply.kind() == Reply.Kind.FRAME && !Boolean.TRUE.equals(reply.frame().get("recycle"));
      if (reply.kind() == Reply.Kind.FRAME) {
        w.learned(ps.key());
      }
      return protocol.outcome(reply, call.timeout(), call.ctx());
    } finally {
      pool.release(w, tenancy.connector(), healthy);
    }
  }

  private Reply exchange(Worker w, PythonScript ps, ScriptCall call, boolean withSource, long deadline) {
    long soft = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    Protocol.Request request = protocol.run(ps, call, withSource, soft);
    return w.exchange(request.bytes(), request.id(), deadline + hardSlackNanos);
  }

  /**
   * Runs the module-level code only: the script compiled again with a {@code run} that does nothing
   * defined after all of its own code (line numbers unchanged), then run like any call, so module
   * level runs in exactly the runtime of a real run and the script's own {@code run} and
   * {@code test} are never called.
   */
  @Override
  public Optional<ScriptError> checkImports(CompiledScript script, ScriptCall call) {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(call, "call");
    if (!(script instanceof PythonScript)) {
      throw new IllegalArgumentException("The cpython runner checks only scripts it compiled, was " + script);
    }
    return ScriptRunner.runModuleLevelOnly(this, script, call);
  }

  /**
   * Worker processes alive, workers retired and replaced (killed at a deadline, crashed, left
   * altered, recycled after their runs), and whether a worker could be started last time.
   */
  @Override
  public io.edrplaybook.spi.RunnerStats stats() {
    return pool.stats();
  }

  @Override
  public Duration grace() {
    return settings.grace();
  }

  @Override
  public void close() {
    pool.close();
    factory.close();
    ProcFs.delete(workDir);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) anyway
    }
  }

  /** Live worker processes, for tests. */
  int liveWorkers() {
    return pool.live();
  }

  /** A timeout in nanoseconds, at most a year: a huge timeout must not overflow the deadline. */
  static long nanos(Duration timeout) {
    return timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT.toNanos() : timeout.toNanos();
  }

  private static final Duration MAX_TIMEOUT = Duration.ofDays(365);

  private static int number(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }
}
