package io.edrplaybook.jython.internal;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.jython.JythonScriptRunnerProvider;
import io.edrplaybook.jython.JythonSettings;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.python.core.PyException;

/**
 * The {@code jython} runner. Each call checks a slot out of the pool and runs on the calling
 * thread with the slot's {@code sys}; a {@link DeadlineTicker} stops scripts past their deadline
 * and retires the slot of one still running at deadline + grace (the call then ends as timed out
 * when, if ever, the script returns). With {@code isolateThreads} each call is instead handed to
 * the slot's own thread and waited for at most until deadline + grace; a script still running
 * then costs its slot, and {@code run} returns at once.
 */
public final class JythonRunner implements ScriptRunner {
  private static final long RESTOP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final String WARM_UP_SOURCE =
      "import json\n\ndef run(ctx):\n    print(json.dumps(ctx))\n    return {u'ok': [1, 2.5, None, True]}\n";

  private static final List<String> HOST_VARIABLES = List.of("PATH", "LANG", "TZ", "HOME");

  private final JythonSettings settings;
  private final ScriptCompiler compiler = new ScriptCompiler();
  private final Path scratch;
  private final SlotPool pool;
  private final DeadlineTicker ticker; // null with isolateThreads

  /**
   * Starts the slots (and warms them up if the settings say so).
   *
   * @param settings the settings; never null
   */
  public JythonRunner(JythonSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    JythonCompiledScript warmUp = settings.warmUp()
        ? compiler.compile(new ScriptSource("warm-up", "<warm-up>", WARM_UP_SOURCE)) : null;
    this.scratch = createScratch();
    SlotConfig config = new SlotConfig(settings, warmUp, scratch.toString(), environment(settings));
    try {
      this.pool = new SlotPool(settings.poolSize(), () -> Slot.start(config),
          settings.grace().toMillis(), settings.isolateThreads());
    } catch (RuntimeException e) {
      deleteScratch(scratch);
      throw e;
    }
    this.ticker = settings.isolateThreads() ? null : new DeadlineTicker(pool, settings.grace());
  }

  @Override
  public String id() {
    return JythonScriptRunnerProvider.ID;
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    Objects.requireNonNull(source, "source");
    try {
      return compiler.compile(source);
    } catch (PyException e) {
      throw new PlaybookException("Jython failed while compiling " + source.file() + ": "
          + PyErrors.typeName(e) + ": " + PyErrors.message(e));
    }
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(call, "call");
    if (!(script instanceof JythonCompiledScript compiled)) {
      throw new IllegalArgumentException("The jython runner runs only scripts it compiled, was a "
          + script.getClass().getName());
    }
    long deadline = System.nanoTime() + call.timeout().toNanos();
    if (ticker != null) {
      return runHere(compiled, call, deadline);
    }
    Job job = new Job(compiled, call.entryPoint(), call.ctx(), call.timeout(), call.invocationId(), deadline, true);
    Slot slot = acquire(call);
    try {
      if (!slot.offer(job)) {
        pool.retire(slot, "its thread did not take a job");
        slot = null;
        throw new RunnerUnavailableException("A Jython slot did not take the call " + call.invocationId(), null);
      }
      ScriptOutcome outcome = await(job, slot, deadline);
      if (outcome == null) {
        pool.retireStuck(slot, job);
        String output = slot.outputSoFar();
        boolean truncated = slot.outputTruncatedSoFar();
        slot = null;
        return job.stopped == Job.Stop.CLOSED
            ? ScriptOutcome.failed(SlotExecutor.RUNNER_CLOSED, output, truncated)
            : timedOutPastGrace(call, job, "", output, truncated);
      }
      return outcome;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerUnavailableException("Interrupted while handing call " + call.invocationId()
          + " to a Jython slot", e);
    } finally {
      if (slot != null) {
        putBack(slot);
      }
    }
  }

  /** Runs the call on this thread with a slot checked out of the pool. */
  private ScriptOutcome runHere(JythonCompiledScript compiled, ScriptCall call, long deadline) {
    if (Thread.currentThread().isInterrupted()) {
      throw new RunnerUnavailableException("The calling thread was interrupted before call "
          + call.invocationId() + " could start", null);
    }
    Job job = new Job(compiled, call.entryPoint(), call.ctx(), call.timeout(), call.invocationId(), deadline, false);
    Slot slot = acquire(call);
    ticker.callStarting();
    try {
      ScriptOutcome outcome = slot.execute(job);
      if (job.abandoned && job.stopped != Job.Stop.CLOSED) {
        String traceback = outcome.error().map(e -> e.traceback()).orElse("");
        return timedOutPastGrace(call, job, traceback, outcome.output(), outcome.outputTruncated());
      }
      return outcome;
    } finally {
      if (!slot.isRetired()) {
        putBack(slot);
      }
      if (job.reinterrupt) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Returns a slot to the pool after a run, or replaces it if its state could not be put back. */
  private void putBack(Slot slot) {
    RuntimeException tainted = slot.tainted();
    if (tainted == null) {
      pool.release(slot);
    } else {
      pool.retire(slot, "its interpreter state could not be put back after a run (" + tainted + ")");
    }
  }

  /**
   * The outcome of a job whose slot was retired past the grace: where it was stuck then, or
   * {@code traceback} (where it stopped, if it ever did) if that could not be read.
   */
  private ScriptOutcome timedOutPastGrace(ScriptCall call, Job job, String traceback, String output,
      boolean truncated) {
    String where = job.stuckAt == null || job.stuckAt.isEmpty() ? traceback : job.stuckAt;
    return SlotExecutor.timedOut("the script ran past its deadline of " + call.timeout().toMillis()
        + " ms and did not stop within the grace of " + settings.grace().toMillis()
        + " ms; its interpreter slot was retired", where, output, truncated);
  }

  /** The scripts' whole environment: the host's PATH, LANG, TZ and HOME where set, and the settings'. */
  private static Map<String, String> environment(JythonSettings settings) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : HOST_VARIABLES) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putAll(settings.environment());
    return env;
  }

  private static Path createScratch() {
    try {
      return Files.createTempDirectory("edr-jython-").toRealPath();
    } catch (IOException e) {
      throw new PlaybookException("Could not create the jython runner's scratch directory (the"
          + " working directory of scripts without a folder) under " + System.getProperty("java.io.tmpdir")
          + ": " + e.getMessage(), e);
    }
  }

  private static void deleteScratch(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a scratch directory left behind in the temporary directory harms nobody
    }
  }

  private Slot acquire(ScriptCall call) {
    try {
      Slot slot = pool.acquire(call.timeout().toNanos());
      if (slot != null) {
        return slot;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerUnavailableException("Interrupted while waiting for a Jython slot for call "
          + call.invocationId(), e);
    }
    throw new RunnerUnavailableException(pool.isClosed() ? "The Jython runner is closed"
        : "No Jython slot came free within " + call.timeout().toMillis() + " ms for call "
        + call.invocationId() + " (poolSize " + settings.poolSize() + ")", null);
  }

  /**
   * Waits for the job until its deadline, then stops it and waits up to the grace, repeating the
   * stop (a script can swallow one interrupt). Returns null if it never ended. An interrupt of
   * the calling thread stops the job as if the runner closed.
   */
  private ScriptOutcome await(Job job, Slot slot, long deadline) {
    boolean interrupted = false;
    long end = deadline;
    boolean stopping = false;
    try {
      while (true) {
        long left = end - System.nanoTime();
        try {
          if (left <= 0 && stopping) {
            return job.done.isDone() ? job.done.get() : null;
          }
          return job.done.get(Math.max(0, stopping ? Math.min(left, RESTOP_NANOS) : left),
              TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (!stopping) {
            stopping = true;
            end = deadline + settings.grace().toNanos();
          }
          slot.stop(job, Job.Stop.DEADLINE);
        } catch (InterruptedException e) {
          interrupted = true;
          if (!stopping) {
            stopping = true;
            end = System.nanoTime() + settings.grace().toNanos();
          }
          slot.stop(job, Job.Stop.CLOSED);
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r && !(cause instanceof PyException)) {
        throw r;
      }
      throw new PlaybookException("The Jython runner failed running call " + job.invocationId
          + ": " + cause, cause);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
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
    if (!(script instanceof JythonCompiledScript)) {
      throw new IllegalArgumentException("The jython runner checks only scripts it compiled, was " + script);
    }
    return ScriptRunner.runModuleLevelOnly(this, script, call);
  }

  /** Slots in service, slots retired and replaced (a script past deadline + grace, a tainted state). */
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
    if (ticker != null) {
      ticker.close();
    }
    deleteScratch(scratch);
  }
}
