package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Jython: the trivial script through the {@code jython} runner (warm, one caller) against the naive
 * way, a new {@code PythonInterpreter} executing the source per run. Batches of A and B alternate so
 * drift hits both; each call is timed by the thread that makes it (the naive calls run on a thread
 * of their own, so Jython's per-thread state of the runner and of the naive interpreters never
 * mix).
 */
public final class JythonMeasure {
  private JythonMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) throws Exception {
    Optional<ScriptRunner> maybe = Runners.create("jython", Map.of());
    if (maybe.isEmpty()) {
      table.target("jython_call_p50_us", Double.NaN, "<=", 2);
      table.key("jython_naive_call_p50_us", Double.NaN);
      table.target("jython_ratio", Double.NaN, ">=", 100);
      return;
    }
    ExecutorService naiveThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "naive-jython");
      t.setDaemon(true);
      return t;
    });
    try (ScriptRunner runner = maybe.get()) {
      CompiledScript script = runner.compile(new ScriptSource("main", "notify.py", Workloads.TRIVIAL_SCRIPT));
      ScriptCall call = new ScriptCall(EntryPoint.RUN, Workloads.context("inv-1"), Duration.ofSeconds(30), "inv-1");
      NaiveJython naive = new NaiveJython(Workloads.TRIVIAL_SCRIPT);
      NaiveJython.InThread inThread = naiveThread.submit(() -> new NaiveJython.InThread(Workloads.TRIVIAL_SCRIPT))
          .get();
      Map<String, Object> ctx = Workloads.context("inv-1");
      check(runner.run(script, call));
      naiveThread.submit(() -> naive.run(ctx)).get();

      int warm = quick ? 20_000 : 60_000;
      for (int i = 0; i < warm; i++) {
        runner.run(script, call);
      }
      naiveThread.submit(() -> batch(naive, ctx, quick ? 1_000 : 3_000, null)).get();
      naiveThread.submit(() -> batch(inThread::run, ctx, warm, null)).get();
      // then the rounds below, untimed, until the JIT is quiet (the naive runs define new classes)
      int warmRounds = Jit.warmUntilQuiet(() -> {
        for (int i = 0; i < 2000; i++) {
          runner.run(script, call);
        }
        naiveThread.submit(() -> batch(naive, ctx, 20, null)).get();
        naiveThread.submit(() -> batch(inThread::run, ctx, 2000, null)).get();
      }, quick ? 20 : 60);
      Jit jit = Jit.watch();

      Samples ours = new Samples();
      Samples naives = new Samples();
      Samples bound = new Samples();
      int rounds = quick ? 12 : 40;
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 2000; i++) {
          long t0 = System.nanoTime();
          ScriptOutcome o = runner.run(script, call);
          ours.add(System.nanoTime() - t0);
          if (o.status() != ScriptOutcome.Status.SUCCEEDED) {
            check(o);
          }
        }
        naiveThread.submit(() -> batch(naive, ctx, 20, naives)).get();
        naiveThread.submit(() -> batch(inThread::run, ctx, 2000, bound)).get();
      }
      double ratio = naives.median() / ours.median();
      table.latency("jython: runner run(ctx), warm", ours, "", "after " + warmRounds
          + " warm-up rounds, JIT " + Math.round(jit.share() * 100) + "% of the timed rounds");
      table.latency("jython: new PythonInterpreter + exec per run", naives, Table.num(ratio), "naive");
      table.latency("jython: same script in the calling thread (bound)", bound, "",
          "informational: no handoff, capture or deadline");
      table.target("jython_call_p50_us", ours.median() / 1e3, "<=", 2);
      table.key("jython_naive_call_p50_us", naives.median() / 1e3);
      table.target("jython_ratio", ratio, ">=", 100);
      table.key("jython_call_p99_us", ours.p99() / 1e3);
      table.key("jython_naive_call_p99_us", naives.p99() / 1e3);
      table.key("jython_in_thread_p50_us", bound.median() / 1e3);
    } finally {
      naiveThread.shutdownNow();
    }
  }

  private static Void batch(NaiveJython naive, Map<String, Object> ctx, int n, Samples into) {
    return batch(naive::run, ctx, n, into);
  }

  private static Void batch(Function<Map<String, Object>, Map<String, Object>> call, Map<String, Object> ctx, int n,
      Samples into) {
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      call.apply(ctx);
      if (into != null) {
        into.add(System.nanoTime() - t0);
      }
    }
    return null;
  }

  static void check(ScriptOutcome o) {
    if (o.status() != ScriptOutcome.Status.SUCCEEDED) {
      throw new IllegalStateException("the trivial script did not succeed: " + o.status() + " "
          + o.error().map(e -> e.type() + ": " + e.message()).orElse(""));
    }
  }
}
