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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  /**
   * Run once by each slot as it warms up: besides imports, the first use of what action scripts
   * commonly do (regular expressions, JSON both ways, formatting, unicode, exceptions, URL
   * parsing) costs Jython hundreds of milliseconds of class loading once per JVM; paid here, not by
   * the first real run.
   */
  private static final String WARM_UP_SOURCE = String.join("\n",
      "import json, re, base64, urlparse",
      "",
      "def run(ctx):",
      "    data = json.loads(json.dumps({u'a': [1, 2.5, None, True], u'b': u'Gr\\u00fc\\u00dfe'}))",
      "    m = re.compile(r'^(\\w+)://([^/:]+)(?::(\\d+))?').match('https://example.org:8443/api?q=1#f')",
      "    parts = urlparse.urlsplit('https://example.org:8443/api?q=1#f')",
      "    text = u'%s %d %.1f %r' % (m.group(2), int(m.group(3)), 2.5, parts.netloc)",
      "    try:",
      "        raise ValueError(text.encode('utf-8'))",
      "    except ValueError as e:",
      "        text = base64.b64encode(str(e)).decode('ascii')",
      "    print(json.dumps(data, sort_keys=True) + text)",
      "    return {u'ok': [1, 2.5, None, True], u'n': len(sorted(data))}",
      "");

  private static final List<String> HOST_VARIABLES = List.of("PATH", "LANG", "TZ", "HOME");
  private static final Duration PRELOAD_TIMEOUT = Duration.ofSeconds(60);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JythonRunner.class);

  private final JythonSettings settings;
  private final ScriptCompiler compiler = new ScriptCompiler();
  private final Path scratch;
  private final SlotPool pool;
  private final DeadlineTicker ticker; // null with isolateThreads
  /** The warm-up's, then each catch-up's: complete when every known preload is done. */
  private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
  /** The first warm-up's: calls wait for it before their deadline starts. */
  private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();
  private final ExecutorService warmer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "edr-jython-warm-up");
    t.setDaemon(true);
    return t;
  });
  private final Object preloadLock = new Object();
  /** Modules imported into every slot so far. Guarded by preloadLock. */
  private final Set<String> preloaded = new LinkedHashSet<>();
  /** Whether the slots serve calls: later imports are preloaded by a catch-up. Guarded by preloadLock. */
  private boolean open;
  private volatile Throwable warmUpFailure;

  /**
   * Creates the runner; its slots start, warm up and preload in the background (see
   * {@link #ready()}): a call before then waits for a slot within its deadline.
   *
   * @param settings the settings; never null
   */
  public JythonRunner(JythonSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.scratch = createScratch();
    this.pool = new SlotPool(settings.grace().toMillis(), settings.isolateThreads());
    this.ticker = settings.isolateThreads() ? null : new DeadlineTicker(pool, settings.grace());
    pool.expect(settings.poolSize());
    warmer.execute(this::warmUp);
  }

  /**
   * Completes once every slot is set up, warmed up and has imported the preloads ({@code preload},
   * or the modules of the scripts compiled so far: after a compile that brings new imports, until
   * they are preloaded too); exceptionally when no slot could be started.
   */
  @Override
  public CompletionStage<Void> ready() {
    return ready.thenApply(v -> v); // a view: callers cannot complete the runner's own
  }

  /**
   * A call before the slots are up waits for them first (at most {@value #START_WAIT_MINUTES}
   * minutes), as it waited for the runner's creation before slots started in the background: its
   * deadline is the script's, not the start-up's.
   */
  private void awaitWarmUp(String invocationId) {
    try {
      warmedUp.get(START_WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerUnavailableException("Interrupted while the Jython runner warmed up, before call "
          + invocationId, e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      // the warm-up failed or hangs: acquiring a slot says why
    }
  }

  private static final long START_WAIT_MINUTES = 5;

  private void warmUp() {
    long t0 = System.nanoTime();
    try {
      JythonCompiledScript warmUpScript = settings.warmUp()
          ? compiler.compile(new ScriptSource("warm-up", "<warm-up>", WARM_UP_SOURCE)) : null;
      boolean preloading = settings.warmUp() || settings.preload().isPresent();
      // each slot imports the preloads on its own thread as it sets up (in parallel), taking the
      // names when it gets there: by then the engine has usually compiled its scripts
      SlotConfig.Preload plan = !preloading ? null : new SlotConfig.Preload() {
        @Override
        public List<String> names() {
          synchronized (preloadLock) {
            return settings.preload().orElseGet(compiler::imports);
          }
        }

        @Override
        public List<String> run(Slot slot, List<String> names) {
          List<String> failed = preloadOne(slot, preloadScript(names), (s, script, timeout, id, deadline) -> s.execute(
              new Job(script, EntryPoint.RUN, Map.of(), timeout, id, deadline, false)));
          if (!failed.isEmpty()) {
            LOG.warn("Jython preload in slot {}: could not import {}; a script importing it pays for the attempt"
                + " at its run", slot, failed);
          }
          return failed;
        }
      };
      SlotConfig config = new SlotConfig(settings, warmUpScript, scratch.toString(), environment(settings), plan);
      List<Slot> slots = pool.startAll(settings.poolSize(), () -> Slot.start(config));
      synchronized (preloadLock) {
        Set<String> everywhere = null;
        for (Slot slot : slots) {
          if (everywhere == null) {
            everywhere = new LinkedHashSet<>(slot.preloaded());
          } else {
            everywhere.retainAll(slot.preloaded());
          }
        }
        preloaded.addAll(everywhere == null ? Set.of() : everywhere);
      }
      while (true) {
        List<String> missing;
        synchronized (preloadLock) {
          missing = preloading ? missing() : List.of();
          if (missing.isEmpty()) {
            open = true;
            break;
          }
        }
        preload(slots, missing, this::runOnStarting);
      }
      pool.open(slots);
      warmedUp.complete(null);
      ready.complete(null);
      LOG.info("Jython runner ready in {} ms: {} slots, preloaded {}", (System.nanoTime() - t0) / 1_000_000,
          slots.size(), preloadedNames());
    } catch (RuntimeException | Error e) {
      warmUpFailure = e;
      pool.expect(0);
      warmedUp.completeExceptionally(e);
      ready.completeExceptionally(e);
      if (pool.isClosed()) {
        LOG.debug("The Jython runner was closed while it warmed up: {}", e.toString());
      } else {
        LOG.error("The Jython runner could not start its slots (it tries again): {}", e.toString());
      }
    }
  }

  /** The preloads not imported yet: the configured ones, or those of the scripts compiled so far. */
  private List<String> missing() {
    List<String> wanted = settings.preload().orElseGet(compiler::imports);
    List<String> missing = new ArrayList<>();
    for (String m : wanted) {
      if (!preloaded.contains(m)) {
        missing.add(m);
      }
    }
    return missing;
  }

  private List<String> preloadedNames() {
    synchronized (preloadLock) {
      return List.copyOf(preloaded);
    }
  }

  /** How a preload job runs on a slot: on a slot not yet in the pool, or on one checked out of it. */
  private interface SlotCall {
    ScriptOutcome run(Slot slot, JythonCompiledScript script, Duration timeout, String id, long deadline);
  }

  private ScriptOutcome runOnStarting(Slot slot, JythonCompiledScript script, Duration timeout, String id,
      long deadline) {
    // the slot is not in the pool yet: nobody else uses it, and runOn would put it there; so run
    // it as runOn does, but leave it out (a retired one is replaced by the pool)
    if (ticker != null) {
      ticker.callStarting();
      return slot.execute(new Job(script, EntryPoint.RUN, Map.of(), timeout, id, deadline, false));
    }
    Job job = new Job(script, EntryPoint.RUN, Map.of(), timeout, id, deadline, true);
    try {
      if (!slot.offer(job)) {
        return ScriptOutcome.failed(ScriptError.of("SlotBusy", "the slot did not take the preload"), "", false);
      }
      ScriptOutcome outcome = await(job, slot, deadline);
      if (outcome == null) {
        pool.retireStuck(slot, job);
        return ScriptOutcome.timedOut("the preload did not stop", "", false);
      }
      return outcome;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ScriptOutcome.failed(ScriptError.of("Interrupted", "interrupted"), "", false);
    }
  }

  /**
   * Imports {@code modules} into each of {@code slots} with a run of a generated script, so they
   * stay loaded there; a module that fails to import is logged and skipped.
   */
  private void preload(List<Slot> slots, List<String> modules, SlotCall call) {
    JythonCompiledScript script = preloadScript(modules);
    Set<String> failed = new LinkedHashSet<>();
    for (Slot slot : slots) {
      if (!slot.isRetired()) {
        failed.addAll(preloadOne(slot, script, call));
      }
    }
    synchronized (preloadLock) {
      preloaded.addAll(modules);
    }
    if (!failed.isEmpty()) {
      LOG.warn("Jython preload: could not import {}; a script importing it pays for the attempt at its run", failed);
    }
  }

  /** A script whose module code imports {@code modules}, each in its own try, and returns the failures. */
  private JythonCompiledScript preloadScript(List<String> modules) {
    StringBuilder src = new StringBuilder("_failed = []\nfor _name in [");
    for (String m : modules) {
      src.append("'").append(m).append("', "); // names are checked: letters, digits, '_' and '.'
    }
    src.append("]:\n    try:\n        __import__(_name)\n    except Exception as _e:\n")
        .append("        _failed.append('%s (%s: %s)' % (_name, type(_e).__name__, _e))\n")
        .append("def run(ctx):\n    return {'failed': _failed}\n");
    return compiler.compile(new ScriptSource("preload", "<preload>", src.toString()));
  }

  /** Runs the preload script on one slot; returns the modules that failed to import. */
  private List<String> preloadOne(Slot slot, JythonCompiledScript script, SlotCall call) {
    ScriptOutcome o = call.run(slot, script, PRELOAD_TIMEOUT, "preload", System.nanoTime() + PRELOAD_TIMEOUT.toNanos());
    List<String> failed = new ArrayList<>();
    Object f = o.result().map(r -> r.get("failed")).orElse(null);
    if (f instanceof List<?> l) {
      l.forEach(x -> failed.add(String.valueOf(x)));
    } else if (o.error().isPresent()) {
      failed.add("the preload run failed: " + o.error().get().summary());
    }
    return failed;
  }

  /**
   * After the warm-up, modules of newly compiled scripts are imported into every slot in the
   * background: each slot is checked out of the pool (waiting for running calls), preloaded and
   * put back.
   */
  private void catchUp() {
    List<String> missing;
    synchronized (preloadLock) {
      missing = missing();
    }
    if (missing.isEmpty()) {
      return;
    }
    List<Slot> taken = new ArrayList<>();
    try {
      for (int i = 0; i < settings.poolSize(); i++) {
        Slot slot = pool.acquire(PRELOAD_TIMEOUT.toNanos());
        if (slot == null) {
          break;
        }
        taken.add(slot);
      }
      preload(taken, missing, this::runOnStarting);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("Jython preload of {} failed: {}", missing, e.toString());
    } finally {
      for (Slot slot : taken) {
        if (!slot.isRetired()) {
          putBack(slot);
        }
      }
    }
  }

  @Override
  public String id() {
    return JythonScriptRunnerProvider.ID;
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    Objects.requireNonNull(source, "source");
    try {
      JythonCompiledScript compiled = compiler.compile(source);
      if (settings.preload().isEmpty() && (settings.warmUp())) {
        synchronized (preloadLock) {
          if (open && !preloaded.containsAll(compiled.imports())) {
            CompletableFuture<Void> done = ready.isDone() ? new CompletableFuture<>() : ready;
            ready = done;
            try {
              warmer.execute(() -> {
                try {
                  catchUp();
                } finally {
                  done.complete(null);
                }
              });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
              done.complete(null); // the runner is closing: nothing to preload for
            }
          }
        }
      }
      return compiled;
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
    if (!warmedUp.isDone()) {
      awaitWarmUp(call.invocationId());
    }
    long deadline = System.nanoTime() + call.timeout().toNanos();
    if (ticker != null && Thread.currentThread().isInterrupted()) {
      throw new RunnerUnavailableException("The calling thread was interrupted before call "
          + call.invocationId() + " could start", null);
    }
    Slot slot = acquire(call.timeout(), call.invocationId());
    return runOn(slot, compiled, call.entryPoint(), call.ctx(), call.timeout(), call.invocationId(), deadline);
  }

  /** Runs a call on {@code slot}, checked out of the pool, and puts the slot back (or retires it). */
  private ScriptOutcome runOn(Slot slot, JythonCompiledScript compiled, EntryPoint entryPoint, Map<String, Object> ctx,
      Duration timeout, String invocationId, long deadline) {
    if (ticker != null) {
      return runHere(slot, new Job(compiled, entryPoint, ctx, timeout, invocationId, deadline, false));
    }
    Job job = new Job(compiled, entryPoint, ctx, timeout, invocationId, deadline, true);
    try {
      if (!slot.offer(job)) {
        pool.retire(slot, "its thread did not take a job");
        slot = null;
        throw new RunnerUnavailableException("A Jython slot did not take the call " + invocationId, null);
      }
      ScriptOutcome outcome = await(job, slot, deadline);
      if (outcome == null) {
        pool.retireStuck(slot, job);
        String output = slot.outputSoFar();
        boolean truncated = slot.outputTruncatedSoFar();
        slot = null;
        return job.stopped == Job.Stop.CLOSED
            ? ScriptOutcome.failed(SlotExecutor.RUNNER_CLOSED, output, truncated)
            : timedOutPastGrace(timeout, job, "", output, truncated);
      }
      return outcome;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerUnavailableException("Interrupted while handing call " + invocationId
          + " to a Jython slot", e);
    } finally {
      if (slot != null) {
        putBack(slot);
      }
    }
  }

  /** Runs the call on this thread with a slot checked out of the pool. */
  private ScriptOutcome runHere(Slot slot, Job job) {
    ticker.callStarting();
    try {
      ScriptOutcome outcome = slot.execute(job);
      if (job.abandoned && job.stopped != Job.Stop.CLOSED) {
        String traceback = outcome.error().map(e -> e.traceback()).orElse("");
        return timedOutPastGrace(job.timeout, job, traceback, outcome.output(), outcome.outputTruncated());
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
  private ScriptOutcome timedOutPastGrace(Duration timeout, Job job, String traceback, String output,
      boolean truncated) {
    String where = job.stuckAt == null || job.stuckAt.isEmpty() ? traceback : job.stuckAt;
    return SlotExecutor.timedOut("the script ran past its deadline of " + timeout.toMillis()
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

  private Slot acquire(Duration timeout, String invocationId) {
    try {
      Slot slot = pool.acquire(timeout.toNanos());
      if (slot != null) {
        return slot;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerUnavailableException("Interrupted while waiting for a Jython slot for call "
          + invocationId, e);
    }
    String why = pool.isClosed() ? "The Jython runner is closed"
        : "No Jython slot came free within " + timeout.toMillis() + " ms for call " + invocationId + " (poolSize "
        + settings.poolSize() + ")";
    Throwable failed = warmUpFailure;
    if (failed != null && pool.live().isEmpty()) {
      why = why + "; the runner's slots could not be started: " + failed;
    } else if (!ready.isDone()) {
      why = why + "; the runner was still warming up";
    }
    throw new RunnerUnavailableException(why, null);
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
    warmer.shutdownNow();
    warmedUp.completeExceptionally(new IllegalStateException("the Jython runner was closed"));
    ready.completeExceptionally(new IllegalStateException("the Jython runner was closed"));
    pool.close();
    if (ticker != null) {
      ticker.close();
    }
    deleteScratch(scratch);
  }
}
