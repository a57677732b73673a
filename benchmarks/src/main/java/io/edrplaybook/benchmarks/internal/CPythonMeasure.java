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
import java.util.function.Supplier;

/**
 * CPython: the trivial script through the {@code cpython} runner in POOLED mode (persistent
 * workers) against ISOLATED mode (a new interpreter process per run, the way peers run actions),
 * one caller, batches alternating. Without an ISOLATED runner, the baseline is {@code python3 -I -S}
 * started directly per run ({@link DirectSpawn}), and the table says so.
 */
public final class CPythonMeasure {
  private CPythonMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) {
    Optional<ScriptRunner> pooled = Runners.create("cpython", Map.of("mode", "POOLED"));
    Optional<ScriptRunner> isolated = Runners.create("cpython", Map.of("mode", "ISOLATED"));
    ScriptCall call = new ScriptCall(EntryPoint.RUN, Workloads.context("inv-1"), Duration.ofSeconds(30), "inv-1");
    ScriptSource source = new ScriptSource("main", "notify.py", Workloads.TRIVIAL_SCRIPT);
    Supplier<Object> a = pooled.map(r -> caller(r, source, call)).orElse(null);
    Supplier<Object> b;
    String baseline;
    if (isolated.isPresent()) {
      b = caller(isolated.get(), source, call);
      baseline = "cpython runner, mode ISOLATED";
    } else {
      DirectSpawn spawn = new DirectSpawn("python3", Workloads.TRIVIAL_SCRIPT, Workloads.context("inv-1"));
      b = spawn::run;
      baseline = "python3 -I -S per run, no runner (ISOLATED mode unavailable)";
    }
    try {
      if (a != null) {
        for (int i = 0; i < (quick ? 5_000 : 20_000); i++) {
          a.get();
        }
      }
      for (int i = 0; i < 5; i++) {
        b.get();
      }
      Samples ours = new Samples();
      Samples fresh = new Samples();
      int rounds = quick ? 10 : 30;
      for (int r = 0; r < rounds; r++) {
        if (a != null) {
          time(a, 500, ours);
        }
        time(b, 5, fresh);
      }
      double ratio = fresh.median() / ours.median();
      if (a != null) {
        table.latency("cpython: runner POOLED run(ctx), warm", ours, "", "");
      }
      table.latency("cpython: fresh interpreter per run", fresh, Table.num(ratio), baseline);
      table.target("cpython_pooled_p50_us", ours.median() / 1e3, "<=", 40);
      table.key("cpython_spawn_p50_us", fresh.median() / 1e3);
      table.target("cpython_ratio", ratio, ">=", 50);
      table.key("cpython_pooled_p99_us", ours.p99() / 1e3);
      table.key("cpython_spawn_p99_us", fresh.p99() / 1e3);
    } finally {
      pooled.ifPresent(ScriptRunner::close);
      isolated.ifPresent(ScriptRunner::close);
    }
  }

  private static Supplier<Object> caller(ScriptRunner runner, ScriptSource source, ScriptCall call) {
    CompiledScript script = runner.compile(source);
    return () -> {
      ScriptOutcome o = runner.run(script, call);
      JythonMeasure.check(o);
      return o;
    };
  }

  private static void time(Supplier<Object> s, int n, Samples into) {
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      s.get();
      into.add(System.nanoTime() - t0);
    }
  }
}
