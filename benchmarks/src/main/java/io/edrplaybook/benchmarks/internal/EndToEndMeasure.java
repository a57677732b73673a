package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.micrometer.EdrPlaybookMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.edrplaybook.spi.ScriptRunner;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * End to end: MALICIOUS events submitted to the core engine, each triggering one run of the
 * trivial script, until N runs have ended with their terminal record in an
 * {@link InMemoryJournal}; the rate is N over the wall time from the first submit to the last
 * record. One submitting thread keeps at most {@value #WINDOW} events in flight (a host feeding
 * events as fast as the engine takes them). Rounds on each runner alternate; each round gets a
 * fresh engine and journal, the runner (the expensive part to start) is shared. {@code
 * jython-metrics} is the jython subject with {@code EdrPlaybookMetrics} bound to a
 * {@code SimpleMeterRegistry}: its rate against jython's is what recording metrics costs.
 */
public final class EndToEndMeasure {
  static final int WINDOW = 2048;

  private record Subject(String id, ScriptRunner runner, int runs, boolean metrics, Samples rates,
      Samples cpuPerRun) {
    Subject(String id, ScriptRunner runner, int runs) {
      this(id, runner, runs, false, new Samples(), new Samples());
    }

    /** The same runner, with the engine bound to a Micrometer registry. */
    Subject withMetrics() {
      return new Subject(id + METRICS, runner, runs, true, new Samples(), new Samples());
    }

    String runnerId() {
      return metrics ? id.substring(0, id.length() - METRICS.length()) : id;
    }
  }

  private static final String METRICS = "-metrics";

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private EndToEndMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) throws InterruptedException {
    // -Dbench.e2e=bench-noop,jython narrows the subjects, e.g. to profile one
    List<String> keep = List.of(System.getProperty("bench.e2e", NoopRunner.ID + ",jython,cpython").split(","));
    List<Subject> subjects = new ArrayList<>();
    if (keep.contains(NoopRunner.ID)) {
      // the engine alone: what dispatch and history cost without any interpreter
      subjects.add(new Subject(NoopRunner.ID, new NoopRunner(), quick ? 20_000 : 60_000));
    }
    if (keep.contains("jython")) {
      Runners.create("jython", Map.of()).ifPresent(r -> subjects.add(new Subject("jython", r,
          quick ? 20_000 : 60_000)));
      // the same runner, rounds interleaved, with edr-playbook-micrometer bound: what recording costs
      if (keep.contains("jython-metrics") || System.getProperty("bench.e2e") == null) {
        subjects.stream().filter(x -> x.id().equals("jython")).findFirst().ifPresent(j -> subjects.add(j.withMetrics()));
      }
    }
    if (keep.contains(InThreadJythonRunner.ID)) {
      subjects.add(new Subject(InThreadJythonRunner.ID, new InThreadJythonRunner(), quick ? 20_000 : 60_000));
    }
    if (keep.contains("cpython")) {
      Runners.create("cpython", Map.of("mode", "POOLED")).ifPresent(r -> subjects.add(new Subject("cpython", r,
          quick ? 10_000 : 30_000)));
    }
    try {
      for (Subject s : subjects) {
        round(s, s.runs() / 4, "warm");
        s.cpuPerRun().clear();
      }
      int rounds = quick ? 3 : 7;
      for (int r = 0; r < rounds; r++) {
        for (Subject s : subjects) {
          s.rates().add(round(s, s.runs(), "r" + r));
        }
      }
    } finally {
      subjects.stream().filter(s -> !s.metrics()).forEach(s -> s.runner().close());
    }
    for (String id : List.of(NoopRunner.ID, InThreadJythonRunner.ID, "jython", "jython" + METRICS, "cpython")) {
      Optional<Subject> s = subjects.stream().filter(x -> x.id().equals(id)).findFirst();
      double median = s.map(x -> x.rates().median()).orElse(Double.NaN);
      s.ifPresent(x -> table.row("end to end: " + id + " runs/s (submit -> record)", Table.num(median),
          Table.num(x.rates().percentile(0)) + " (min)", "", x.rates().size() + " rounds of " + x.runs() + " runs; JVM CPU per run "
          + Table.time(x.cpuPerRun().median())));
      s.ifPresent(x -> table.key("e2e_" + (id.equals(NoopRunner.ID) ? "engine_only" : id.replace('-', '_'))
          + "_cpu_us_per_run",
          Math.rint(x.cpuPerRun().median() / 10) / 100));
      if (id.equals(NoopRunner.ID)) {
        table.key("e2e_engine_only_runs_per_s", Math.rint(median));
      } else if (id.equals(InThreadJythonRunner.ID)) {
        s.ifPresent(x -> table.key("e2e_jython_inthread_experiment_runs_per_s", Math.rint(median)));
      } else if (id.endsWith(METRICS)) {
        s.ifPresent(x -> table.key("e2e_jython_metrics_runs_per_s", Math.rint(median)));
      } else {
        table.target("e2e_" + id + "_runs_per_s", Math.rint(median), ">=", id.equals("jython") ? 20_000 : 5_000);
      }
    }
  }

  private static double round(Subject s, int runs, String tag) throws InterruptedException {
    InMemoryJournal journal = new InMemoryJournal();
    SecurityEvent[] events = new SecurityEvent[runs];
    for (int i = 0; i < runs; i++) {
      events[i] = Workloads.event("e2e-" + tag + "-" + i, "g" + (i % 100), Classification.MALICIOUS);
    }
    Semaphore window = new Semaphore(WINDOW);
    long elapsed;
    long succeeded = 0;
    long terminal = 0;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runner(s.runner())
        .defaultRunner(s.runnerId()).journal(journal).defaultTimeout(Duration.ofSeconds(30))
        .configuration(Workloads.endToEnd(s.runnerId())).build();
        EdrPlaybookMetrics metrics = s.metrics() ? EdrPlaybookMetrics.bind(engine, registry) : null) {
      long cpu0 = OS.getProcessCpuTime();
      CpuBreakdown cpu = CpuBreakdown.start();
      long t0 = System.nanoTime();
      for (SecurityEvent e : events) {
        window.acquire();
        engine.submit(e).whenComplete((o, x) -> window.release());
      }
      if (!window.tryAcquire(WINDOW, 5, TimeUnit.MINUTES)) {
        throw new IllegalStateException(s.id() + ": runs did not end within 5 minutes");
      }
      elapsed = System.nanoTime() - t0;
      if (s.metrics()) {
        // the meters saw every run: the listener kept up (it runs on the notifier thread)
        engine.awaitListeners(Duration.ofMinutes(1));
        double counted = registry.find(EdrPlaybookMetrics.RUNS).counters().stream().mapToDouble(c -> c.count()).sum();
        if (counted != runs) {
          throw new IllegalStateException(s.id() + ": the meters counted " + counted + " runs of " + runs);
        }
      }
      s.cpuPerRun().add((double) (OS.getProcessCpuTime() - cpu0) / runs);
      if (Boolean.getBoolean("bench.cpu")) {
        System.err.println("  " + s.id() + " " + tag + " CPU per run: " + cpu.describe(runs));
      }
      for (SecurityEvent e : events) {
        for (InvocationResult r : engine.history(e.organization(), e.id()).runs()) {
          terminal++;
          if (r.status() == InvocationStatus.SUCCEEDED) {
            succeeded++;
          }
        }
      }
    }
    if (terminal != runs || succeeded != runs) {
      throw new IllegalStateException(s.id() + ": expected " + runs + " succeeded terminal records, found "
          + succeeded + " succeeded of " + terminal);
    }
    return runs * 1e9 / elapsed;
  }
}
