package io.edrplaybook.testkit;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Hooks, lifecycle and the guarded {@code run} of the runner kits. Subclass
 * {@link ScriptRunnerLifecycleKit} (any runner) or {@link ScriptRunnerConformanceKit} (a Python
 * runner), not this.
 *
 * <p>Every run the kits make is guarded: {@link ScriptRunner#run} must return by the call's
 * deadline plus the runner's own {@link ScriptRunner#grace()} plus {@link #GUARD_SLACK}. A run
 * that does not fails its case then, with a message naming the script, instead of hanging it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScriptRunnerLifecycleKitBase {
  /**
   * What the guard allows past deadline + {@link ScriptRunner#grace()}, for the test machine's own
   * scheduling: fixed, so a runner that stops scripts late fails however large its deadline.
   */
  public static final Duration GUARD_SLACK = Duration.ofSeconds(2);

  /** The scripts the lifecycle cases run, written in the runner's own language. */
  public enum LifecycleScript {
    /** {@code run(ctx)} returns {@code {"ctx": ctx}}, unchanged. */
    ECHO,
    /**
     * {@code run(ctx)} never returns by itself; when {@code ctx} holds {@code port} (an integer)
     * it first opens a TCP connection to {@code 127.0.0.1:port} and keeps it open, so the kit knows
     * the call has started. The runner's deadline, or its {@code close()}, must stop it.
     */
    HANG
  }

  private final AtomicLong calls = new AtomicLong();
  private ScriptRunner runner;

  /**
   * Creates a runner under test. Called once per test class for the shared runner (closed after
   * the last case), and again by the cases that close a runner of their own: each call must
   * return a new, independent runner.
   */
  protected abstract ScriptRunner createRunner();

  /**
   * Returns the source of {@code which}, in the language the runner runs (the Python kit gives
   * its corpus; a runner of another language gives its own equivalent).
   */
  protected abstract ScriptSource lifecycleScript(LifecycleScript which);

  /** Returns the deadline of calls that are meant to time out (default 300 ms). */
  protected Duration shortTimeout() {
    return Duration.ofMillis(300);
  }

  /** Returns the deadline of calls that are meant to finish (default 30 s). */
  protected Duration normalTimeout() {
    return Duration.ofSeconds(30);
  }

  /** Returns the threads and the runs per thread of the concurrency cases (default 8 × 50). */
  protected int[] concurrency() {
    return new int[] {8, 50};
  }

  /**
   * Returns how many calls a runner from {@link #createRunner()} runs at once, at least 1 (its
   * pool size; default 2): the close case starts this many hanging calls, each for a connector
   * of an organization of its own, and waits until each has started.
   */
  protected int parallelism() {
    return 2;
  }

  /** Returns the runner under test (the shared one). */
  protected final ScriptRunner runner() {
    return runner;
  }

  /** Creates the shared runner; JUnit calls it before the first case (so may a test driving the kit). */
  @BeforeAll
  public final void startRunner() {
    runner = Objects.requireNonNull(createRunner(), "createRunner() returned null");
  }

  /** Closes the shared runner; JUnit calls it after the last case. */
  @AfterAll
  public final void closeRunner() {
    try {
      if (runner != null) {
        runner.close();
      }
    } finally {
      afterRunnerClosed();
    }
  }

  /** Called after the shared runner was closed, to release what a subclass holds. */
  protected void afterRunnerClosed() {
  }

  /** Runs {@code run(ctx)} of a compiled script under the normal deadline, guarded. */
  protected final ScriptOutcome run(CompiledScript script, Map<String, Object> ctx) {
    return run(script, EntryPoint.RUN, ctx, normalTimeout());
  }

  /** Runs a compiled script on the shared runner with {@code ctx} under {@code timeout}, guarded. */
  protected final ScriptOutcome run(CompiledScript script, EntryPoint entry, Map<String, Object> ctx,
      Duration timeout) {
    return run(runner, script, entry, ctx, timeout);
  }

  /**
   * Runs a compiled script on {@code on}, guarded: fails, naming the script, when {@code run}
   * has not returned by deadline + {@code on.grace()} + {@link #GUARD_SLACK}.
   */
  protected final ScriptOutcome run(ScriptRunner on, CompiledScript script, EntryPoint entry,
      Map<String, Object> ctx, Duration timeout) {
    ScriptCall call = new ScriptCall(entry, ctx, timeout, "conformance-" + calls.incrementAndGet());
    Duration grace = on.grace();
    Duration guard = timeout.plus(grace).plus(GUARD_SLACK);
    return assertTimeoutPreemptively(guard, () -> on.run(script, call),
        () -> "run() of " + script.source().file() + " (deadline " + timeout + ") did not return by"
            + " deadline + grace() " + grace + " + slack " + GUARD_SLACK + " = " + guard
            + ": a runner must stop a script at its deadline and return within its declared grace");
  }

  /** Returns a mutable map of the given keys and values, in order; values may be null. */
  protected static Map<String, Object> ctx(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** Checks one call of {@link #inParallel}: null when its answer is right, else what was wrong. */
  @FunctionalInterface
  protected interface CallCheck {
    /**
     * Makes call {@code call} of thread {@code thread} and checks its answer.
     *
     * @return null when right, else a description of what was wrong
     * @throws Exception when the call could not be made
     */
    String check(int thread, int call) throws Exception;
  }

  /**
   * Makes {@code perThread} calls on each of {@code threads} threads at once and returns what was
   * wrong with any of them (empty when every answer was right). Each thread is waited for at most
   * {@code perThread} times {@link #normalTimeout()}.
   */
  protected final java.util.List<String> inParallel(int threads, int perThread, CallCheck check)
      throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<java.util.List<String>>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          java.util.List<String> wrong = new java.util.ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            String problem = check.check(thread, i);
            if (problem != null) {
              wrong.add(problem);
            }
          }
          return wrong;
        }));
      }
      java.util.List<String> wrong = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<java.util.List<String>> f : futures) {
        wrong.addAll(f.get(normalTimeout().toMillis() * perThread, java.util.concurrent.TimeUnit.MILLISECONDS));
      }
      return wrong;
    } finally {
      pool.shutdownNow();
    }
  }
}
