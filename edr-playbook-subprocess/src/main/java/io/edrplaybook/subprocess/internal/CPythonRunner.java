package io.edrplaybook.subprocess.internal;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import io.edrplaybook.subprocess.CPythonSettings;
import io.edrplaybook.subprocess.SubprocessScriptRunnerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code cpython} runner: scripts run in external CPython worker processes. */
public final class CPythonRunner implements ScriptRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CPythonRunner.class);
  private static final String BOOTSTRAP = "bootstrap.py";
  private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(30);

  private final CPythonSettings settings;
  private final Path workDir;
  private final Protocol protocol = new Protocol();
  private final WorkerFactory factory;
  private final WorkerPool pool;

  private CPythonRunner(CPythonSettings settings, Path workDir, Interpreter interpreter) {
    this.settings = settings;
    this.workDir = workDir;
    this.factory = new WorkerFactory(interpreter, workDir.resolve(BOOTSTRAP), settings, protocol);
    this.pool = new WorkerPool(factory, settings.workers(),
        settings.mode() == CPythonSettings.Mode.POOLED, settings.runsPerWorker());
  }

  /**
   * Finds the interpreter, writes the bootstrap to a private folder and starts the workers.
   *
   * @throws PlaybookException when no usable interpreter is found
   */
  public static CPythonRunner start(CPythonSettings settings) {
    Path dir;
    try {
      dir = Files.createTempDirectory("edr-playbook-cpython-");
      try (InputStream in = CPythonRunner.class.getResourceAsStream(BOOTSTRAP)) {
        Files.copy(Objects.requireNonNull(in, "bootstrap.py resource is missing"), dir.resolve(BOOTSTRAP));
      }
    } catch (IOException e) {
      throw new PlaybookException("Could not write the cpython runner's bootstrap to a temporary"
          + " folder: " + e.getMessage(), e);
    }
    try {
      Interpreter interpreter = Interpreter.locate(settings, dir);
      CPythonRunner runner = new CPythonRunner(settings, dir, interpreter);
      LOG.info("cpython runner: {}, {} {} worker(s), output cap {}, memory limit {}",
          interpreter.describe(), settings.workers(), settings.mode(), settings.outputCap(),
          settings.memoryLimit() == 0 ? "none" : settings.memoryLimit() + " bytes");
      runner.pool.prestart();
      return runner;
    } catch (RuntimeException e) {
      delete(dir);
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
    Worker w = pool.acquire(deadline);
    boolean healthy = false;
    Reply reply;
    try {
      reply = w.exchange(protocol.compile(probe), deadline);
      healthy = reply.kind() == Reply.Kind.FRAME;
      if (healthy && Boolean.TRUE.equals(reply.frame().get("ok"))) {
        w.learned(probe.key());  // before release: the worker is ours only until then
      }
    } finally {
      pool.release(w, healthy);
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
          number(f.get("column")), String.valueOf(f.get("reason")));
    }
    if (!Boolean.TRUE.equals(f.get("run"))) {
      throw new ScriptValidationException(source.file(), 0, 0,
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
    long deadline = System.nanoTime() + call.timeout().toNanos();
    Worker w = pool.acquire(deadline);
    boolean healthy = false;
    try {
      boolean send = !w.knows(ps.key());
      Reply reply = w.exchange(protocol.run(ps, call, send), deadline);
      if (reply.kind() == Reply.Kind.FRAME && "nosource".equals(reply.frame().get("status"))) {
        reply = w.exchange(protocol.run(ps, call, true), deadline);
      }
      healthy = reply.kind() == Reply.Kind.FRAME && !Boolean.TRUE.equals(reply.frame().get("recycle"));
      if (reply.kind() == Reply.Kind.FRAME) {
        w.learned(ps.key());
      }
      return protocol.outcome(reply, call.timeout());
    } finally {
      pool.release(w, healthy);
    }
  }

  @Override
  public Duration grace() {
    return settings.grace();
  }

  @Override
  public void close() {
    pool.close();
    factory.close();
    delete(workDir);
  }

  private static int number(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("Could not delete {}", dir, e);
    }
  }
}
