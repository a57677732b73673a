package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.api.Configuration;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.ScriptRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Heap: the heap a configuration of 1 000 connectors and 1 000 actions retains once applied,
 * i.e. the {@link Configuration} plus the engine's snapshot of it (indexes, routes, compiled
 * scripts). Heap in use after full collections, before building it and after applying it to an
 * engine that already exists (so the engine's own threads and pools are not counted); median of
 * several repetitions. With the noop runner the compiled scripts are tiny: that is the engine's
 * cost. With the jython runner (informational, not in --quick) it adds Jython's compiled code for
 * 1 000 scripts.
 */
public final class HeapMeasure {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) throws InterruptedException {
    Samples noop = new Samples();
    int reps = quick ? 3 : 7;
    for (int i = 0; i < reps; i++) {
      noop.add(retained(new NoopRunner()));
    }
    table.row("heap: 1000 connectors + 1000 actions, applied", mib(noop.median()), mib(noop.percentile(100))
        + " (max)", "", "configuration + engine snapshot, noop runner, " + reps + " reps");
    table.target("config_heap_mib", round(noop.median() / (1 << 20)), "<=", 64);

    // a fresh runner each time: a runner may cache compiled code, which a second configuration
    // would then share instead of retaining its own
    Samples jy = new Samples();
    // informational and slow (Jython compiles 1 000 scripts): not in --quick
    for (int i = 0; i < (quick ? 0 : 3); i++) {
      Optional<ScriptRunner> jython = Runners.create("jython", Map.of("poolSize", 1));
      if (jython.isEmpty()) {
        break;
      }
      try (ScriptRunner r = jython.get()) {
        jy.add(retained(r));
      }
    }
    if (jy.size() > 0) {
      table.row("heap: same, scripts compiled by jython", mib(jy.median()), mib(jy.percentile(100)) + " (max)", "",
          "informational: adds Jython's code objects, " + jy.size() + " reps");
      table.key("config_heap_jython_mib", round(jy.median() / (1 << 20)));
    }
  }

  private static double retained(ScriptRunner runner) throws InterruptedException {
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runner(runner)
        .defaultRunner(runner.id()).build()) {
      long before = settledHeap();
      Configuration cfg = Workloads.heap(runner.id());
      engine.configure(cfg);
      cfg = null;
      long after = settledHeap();
      Reference.reachabilityFence(engine);
      return after - before;
    }
  }

  /** Heap in use after full collections, once two readings in a row agree within 64 KiB. */
  static long settledHeap() throws InterruptedException {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 8; i++) {
      System.gc();
      Thread.sleep(20);
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - last) < 64 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }

  private static String mib(double bytes) {
    return String.format(Locale.ROOT, "%.2f MiB", bytes / (1 << 20));
  }

  private static double round(double v) {
    return Math.rint(v * 100) / 100;
  }
}
