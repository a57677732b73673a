package io.edrplaybook.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lifecycle part of the runner kit, for <em>any</em> {@link ScriptRunner}, whatever language
 * it runs: it runs only the two {@link LifecycleScript}s the runner gives in its own language
 * ({@link #lifecycleScript}). A runner of Python subclasses {@link ScriptRunnerConformanceKit},
 * which holds these cases too; a runner of another language (Java, HTTP) subclasses this:
 *
 * <pre>{@code
 * class MyRunnerLifecycleTest extends ScriptRunnerLifecycleKit {
 *   protected ScriptRunner createRunner() {
 *     return new MyRunnerProvider().create(RunnerSettings.empty("mine"));
 *   }
 *   protected ScriptSource lifecycleScript(LifecycleScript which) {
 *     return new ScriptSource(which.name(), "lifecycle/" + which, myScriptFor(which));
 *   }
 * }
 * }</pre>
 *
 * <p>The cases: {@code grace()} honoured (a hanging call ends {@code TIMED_OUT} by deadline +
 * grace), calls in flight when the runner closes end failed or timed out within the grace, a run
 * after {@code close()} is refused with a {@link RunnerUnavailableException}, a
 * {@link CompiledScript} of another runner is refused, and concurrent calls each get their own
 * answer. Every case is public: a runner that must differ overrides it (with {@code @Disabled}
 * and the reason, say).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScriptRunnerLifecycleKit extends ScriptRunnerLifecycleKitBase {
  private final Map<LifecycleScript, CompiledScript> compiled = new EnumMap<>(LifecycleScript.class);

  /** Compiles {@code which} on the shared runner, once per class. */
  protected final synchronized CompiledScript compiled(LifecycleScript which) {
    return compiled.computeIfAbsent(which, w -> runner().compile(lifecycleScript(w)));
  }

  /** A hanging call ends timed out by its deadline + the runner's grace, and the runner still works. */
  @Test
  public void hangingCallIsTimedOutWithinTheRunnersGrace() {
    ScriptOutcome outcome = run(compiled(LifecycleScript.HANG), EntryPoint.RUN, ctx(), shortTimeout());
    assertEquals(Status.TIMED_OUT, outcome.status(), () -> "a call past its deadline must end TIMED_OUT, was "
        + outcome.status() + " " + outcome.error().map(e -> e.summary()).orElse(""));
    assertEquals(ctx("ctx", ctx("after", "timeout")), echo(ctx("after", "timeout")),
        "a call after a timed-out one must succeed");
  }

  /** Concurrent calls of one script each get their own answer. */
  @Test
  public void concurrentCallsEachGetTheirOwnAnswer() throws Exception {
    CompiledScript echo = compiled(LifecycleScript.ECHO);
    List<String> wrong = inParallel(concurrency()[0], concurrency()[1], (thread, i) -> {
      String label = "call-" + thread + "-" + i;
      ScriptOutcome outcome = run(echo, ctx("label", label));
      Object seen = outcome.result().map(r -> r.get("ctx")).orElse(null);
      return outcome.status() == Status.SUCCEEDED && Map.of("label", label).equals(seen) ? null
          : label + ": " + outcome.status() + " " + outcome.result().orElse(null);
    });
    assertEquals(List.of(), wrong, "every concurrent call must get its own answer");
  }

  /** A compiled script another runner made is refused with an IllegalArgumentException or a PlaybookException. */
  @Test
  public void compiledScriptOfAnotherRunnerIsRefused() {
    ScriptSource source = lifecycleScript(LifecycleScript.ECHO);
    CompiledScript foreign = new CompiledScript() {
      @Override
      public ScriptSource source() {
        return source;
      }

      @Override
      public boolean hasTest() {
        return false;
      }
    };
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> run(foreign, EntryPoint.RUN, ctx(), normalTimeout()));
    assertTrue(e instanceof IllegalArgumentException || e instanceof PlaybookException,
        () -> "a script the runner did not compile must be refused with an IllegalArgumentException"
            + " or a PlaybookException that says so, was " + e);
    assertEquals(ctx("ctx", ctx("after", "foreign")), echo(ctx("after", "foreign")));
  }

  /** A run after close() is refused with a RunnerUnavailableException; a second close() is harmless. */
  @Test
  public void runAfterCloseIsRefusedAsUnavailable() {
    ScriptRunner own = createRunner();
    CompiledScript echo;
    try {
      echo = own.compile(lifecycleScript(LifecycleScript.ECHO));
    } finally {
      own.close();
    }
    own.close();
    assertThrows(RunnerUnavailableException.class,
        () -> run(own, echo, EntryPoint.RUN, ctx(), normalTimeout()),
        "a closed runner must refuse a call with RunnerUnavailableException (the script did not run)");
  }

  /**
   * Calls in flight when the runner closes end as failed or timed out, each within the runner's
   * grace after {@code close()}, long before their deadline.
   */
  @Test
  public void closeEndsTheCallsInFlight() throws Exception {
    int n = Math.max(1, parallelism());
    ScriptRunner own = createRunner();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try (StartSignals started = StartSignals.open()) {
      CompiledScript hang = own.compile(lifecycleScript(LifecycleScript.HANG));
      List<Future<ScriptOutcome>> inFlight = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // each call as the engine would make it for a connector of an organization of its own, so a
        // runner that keeps tenants apart can still run them at once
        Map<String, Object> ctx = ctx("port", started.port(),
            "connector", ctx("name", "Kit connector " + i, "organization", "kit-org-" + i),
            "event", ctx("id", "kit-event-" + i, "organization", "kit-org-" + i));
        ScriptCall call = new ScriptCall(EntryPoint.RUN, ctx, Duration.ofMinutes(10), "close-" + i);
        inFlight.add(pool.submit(() -> own.run(hang, call)));
      }
      started.await(n, inFlight, normalTimeout());
      own.close();
      long bound = own.grace().plus(GUARD_SLACK).toMillis();
      for (int i = 0; i < n; i++) {
        ScriptOutcome outcome;
        try {
          outcome = inFlight.get(i).get(bound, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          fail("call " + i + " of " + hang.source().file() + " was in flight at close() and had not ended "
              + bound + " ms later (grace() + slack): close() must stop the calls in flight");
          return;
        }
        Status status = outcome.status();
        assertTrue(status == Status.FAILED || status == Status.TIMED_OUT,
            () -> "a call in flight at close() must end FAILED or TIMED_OUT, was " + status);
      }
    } finally {
      own.close();
      pool.shutdownNow();
    }
  }

  private Map<String, Object> echo(Map<String, Object> ctx) {
    ScriptOutcome outcome = run(compiled(LifecycleScript.ECHO), ctx);
    assertEquals(Status.SUCCEEDED, outcome.status(), () -> "the echo script must succeed, was "
        + outcome.status() + " " + outcome.error().map(e -> e.summary()).orElse(""));
    return outcome.result().orElse(null);
  }
}
