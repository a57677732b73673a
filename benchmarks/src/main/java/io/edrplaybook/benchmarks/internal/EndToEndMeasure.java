package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.spi.ExecutionJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * trivial script, until N runs have ended with their terminal record in the journal; the rate is N
 * over the wall time from the first submit to the last record, and the JVM's CPU per run (the
 * process's CPU time over the same window / N) is printed next to it. One submitting thread keeps
 * at most {@value #WINDOW} events in flight (a host feeding events as fast as the engine takes
 * them). Each runner is measured with the default {@link InMemoryJournal} and again on a
 * {@link FileJournal} at its default durability in a fresh directory ({@code +file-journal}).
 * Rounds alternate; each round gets a fresh engine and journal, the runner (the expensive part to
 * start) is shared; a full GC before each timed window. {@code jython-metrics} is the jython
 * subject with {@code EdrPlaybookMetrics} bound to a {@code SimpleMeterRegistry}: its rate against
 * jython's is what recording metrics costs.
 */
public final class EndToEndMeasure {
  static final int WINDOW = 2048;

  private record Subject(String id, ScriptRunner runner, int runs, boolean metrics, boolean durable, Samples rates,
      Samples cpuPerRun) {
    Subject(String id, ScriptRunner runner, int runs) {
      this(id, runner, runs, false, false, new Samples(), new Samples());
    }

    /** The same runner, with the engine bound to a Micrometer registry. */
    Subject withMetrics() {
      return new Subject(id + METRICS, runner, runs, true, false, new Samples(), new Samples());
    }

    /** The same runner, the engine on a {@link FileJournal} (default durability) instead of in memory. */
    Subject onFileJournal() {
      return new Subject(id + FILE, runner, runs, false, true, new Samples(), new Samples());
    }

    String runnerId() {
      return metrics ? id.substring(0, id.length() - METRICS.length())
          : durable ? id.substring(0, id.length() - FILE.length()) : id;
    }

    /** The JSON keys' stem: e2e_engine_only, e2e_jython, e2e_jython_file_journal, ... */
    String key() {
      String base = runnerId().equals(NoopRunner.ID) ? "engine_only" : runnerId().replace('-', '_');
      return "e2e_" + base + (metrics ? "_metrics" : durable ? "_file_journal" : "");
    }
  }

  private static final String FILE = "+file-journal";

  private static final String METRICS = "-metrics";

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private EndToEndMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) throws Exception {
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
    // each runner again with the engine on its durable journal (-Dbench.e2e.file=false leaves them out)
    if (!"false".equals(System.getProperty("bench.e2e.file"))) {
      for (Subject s : List.copyOf(subjects)) {
        if (!s.metrics() && !s.id().equals(InThreadJythonRunner.ID)) {
          subjects.add(s.onFileJournal());
        }
      }
    }
    int warmRounds;
    double jitShare;
    try {
      // warm up until the JIT is quiet (on 2 cores C2 can take a core for the first seconds of rounds)
      warmRounds = Jit.warmUntilQuiet(() -> {
        for (Subject s : subjects) {
          round(s, s.runs() / 4, "warm");
        }
      }, quick ? 45 : 90);
      subjects.forEach(s -> s.cpuPerRun().clear());
      int rounds = quick ? 3 : 7;
      Jit jit = Jit.watch();
      for (int r = 0; r < rounds; r++) {
        for (Subject s : subjects) {
          s.rates().add(round(s, s.runs(), "r" + r));
        }
      }
      jitShare = jit.share();
    } finally {
      subjects.stream().filter(s -> !s.metrics() && !s.durable()).forEach(s -> s.runner().close());
    }
    List<String> order = new ArrayList<>();
    for (String id : List.of(NoopRunner.ID, InThreadJythonRunner.ID, "jython", "jython" + METRICS, "cpython")) {
      order.add(id);
      order.add(id + FILE);
    }
    for (String id : order) {
      Optional<Subject> s = subjects.stream().filter(x -> x.id().equals(id)).findFirst();
      if (s.isEmpty()) {
        continue;
      }
      Subject x = s.get();
      double median = x.rates().median();
      double cpu = x.cpuPerRun().median();
      String journal = x.durable() ? "FileJournal (" + FileJournal.Sync.WRITE + ")" : "InMemoryJournal";
      String label = x.durable() ? x.runnerId() + ", file journal runs/s" : id + " runs/s (submit -> record)";
      table.row("end to end: " + label, Table.num(median),
          Table.num(x.rates().percentile(0)) + " (min)", Table.time(cpu),
          "JVM CPU per run; " + x.rates().size() + " rounds of " + x.runs() + " runs, " + journal
          + "; after " + warmRounds + " warm-up rounds, JIT " + Math.round(jitShare * 100) + "% of the timed rounds");
      String key = x.key();
      double cpuMicros = Math.rint(cpu / 10) / 100;
      if (id.equals(InThreadJythonRunner.ID)) {
        table.key("e2e_jython_inthread_experiment_runs_per_s", Math.rint(median));
        continue;
      }
      // issue 14's targets: the engine's own cost, and the two runners end to end (in memory)
      if (id.equals(NoopRunner.ID)) {
        table.target(key + "_runs_per_s", Math.rint(median), ">=", 200_000);
        table.target(key + "_cpu_us_per_run", cpuMicros, "<=", 10);
      } else if (id.equals("jython")) {
        table.target(key + "_runs_per_s", Math.rint(median), ">=", 100_000);
        table.key(key + "_cpu_us_per_run", cpuMicros);
      } else if (id.equals("cpython")) {
        table.target(key + "_runs_per_s", Math.rint(median), ">=", 20_000);
        table.key(key + "_cpu_us_per_run", cpuMicros);
      } else {
        table.key(key + "_runs_per_s", Math.rint(median));
        table.key(key + "_cpu_us_per_run", cpuMicros);
      }
    }
  }

  private static double round(Subject s, int runs, String tag) throws InterruptedException, IOException {
    Path dir = s.durable() ? Files.createTempDirectory("edr-playbook-bench-e2e") : null;
    try (ExecutionJournal journal = s.durable() ? FileJournal.open(dir) : new InMemoryJournal()) {
      return round(s, runs, tag, journal);
    } finally {
      if (dir != null) {
        DurableMeasure.delete(dir);
      }
    }
  }

  private static double round(Subject s, int runs, String tag, ExecutionJournal journal) throws InterruptedException {
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
      // the events built above and the last round's garbage are collected now, not inside the timed
      // window: what is timed is the engine's own work and garbage
      if (!"false".equals(System.getProperty("bench.e2e.gc"))) {
        System.gc();
      }
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
