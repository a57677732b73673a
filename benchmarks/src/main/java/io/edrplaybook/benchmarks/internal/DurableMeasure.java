package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.ScriptRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The engine on its journal over time. {@code heap_bytes_per_event}: the heap an open engine
 * retains per event submitted, as a slope (retained heap after 2N events minus after N, over N;
 * each event MALICIOUS, one run of the do-nothing runner), for a {@link FileJournal} and for an
 * {@link InMemoryJournal} with its default bound; the key is the larger. {@code
 * e2e_jython_durable_runs_per_s}: end to end as {@link EndToEndMeasure}, jython runner, with a
 * {@link FileJournal} at its default durability in a fresh directory each round.
 */
public final class DurableMeasure {
  private DurableMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) throws Exception {
    int n = quick ? 200_000 : 500_000;
    Path dir = Files.createTempDirectory("edr-playbook-bench-journal");
    try {
      double file = slope(() -> FileJournal.open(dir.resolve("heap")), n);
      double memory = slope(InMemoryJournal::new, n);
      table.row("heap per event, FileJournal", Table.num(file) + " B", "", "",
          "retained heap (2N - N events) / N, N = " + n + ", engine open, noop runner");
      table.row("heap per event, InMemoryJournal", Table.num(memory) + " B", "", "",
          "same, default bound of " + InMemoryJournal.DEFAULT_MAX_EVENTS + " events");
      table.key("heap_bytes_per_event_file_journal", Math.rint(file * 10) / 10);
      table.key("heap_bytes_per_event_in_memory_journal", Math.rint(memory * 10) / 10);
      table.target("heap_bytes_per_event", Math.rint(Math.max(file, memory) * 10) / 10, "<=", 16);

      Optional<ScriptRunner> jython = Runners.create("jython", Map.of());
      if (jython.isPresent()) {
        try (ScriptRunner r = jython.get()) {
          int runs = quick ? 20_000 : 60_000;
          int[] warm = {0};
          int warmRounds = Jit.warmUntilQuiet(() -> {
            Path w = dir.resolve("warm" + warm[0]);
            round(r, w, runs / 4, "warm" + warm[0]++);
            delete(w);
          }, quick ? 45 : 90);
          Samples rates = new Samples();
          int rounds = quick ? 3 : 5;
          Jit jit = Jit.watch();
          for (int i = 0; i < rounds; i++) {
            rates.add(round(r, dir.resolve("r" + i), runs, "r" + i));
          }
          table.row("end to end: jython runs/s, FileJournal", Table.num(rates.median()),
              Table.num(rates.percentile(0)) + " (min)", "", rounds + " rounds of " + runs
                  + " runs; default durability (" + FileJournal.Sync.WRITE + "); after " + warmRounds
                  + " warm-up rounds, JIT " + Math.round(jit.share() * 100) + "% of the timed rounds");
          table.target("e2e_jython_durable_runs_per_s", Math.rint(rates.median()), ">=", 20_000);
        }
      }
    } finally {
      delete(dir);
    }
  }

  private static double slope(Supplier<ExecutionJournal> journals, int n) throws InterruptedException {
    try (ExecutionJournal journal = journals.get();
        CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runner(new NoopRunner())
            .defaultRunner(NoopRunner.ID).journal(journal).defaultTimeout(Duration.ofSeconds(30))
            .configuration(Workloads.endToEnd(NoopRunner.ID)).build()) {
      submit(engine, "a", n);
      long afterN = HeapMeasure.settledHeap();
      submit(engine, "b", n);
      long after2N = HeapMeasure.settledHeap();
      Reference.reachabilityFence(engine);
      return (after2N - afterN) / (double) n;
    }
  }

  private static double round(ScriptRunner runner, Path dir, int runs, String tag) throws InterruptedException {
    long elapsed;
    try (FileJournal journal = FileJournal.open(dir);
        CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runner(runner)
            .defaultRunner(runner.id()).journal(journal).defaultTimeout(Duration.ofSeconds(30))
            .configuration(Workloads.endToEnd(runner.id())).build()) {
      long t0 = System.nanoTime();
      long succeeded = submit(engine, tag, runs);
      elapsed = System.nanoTime() - t0;
      if (succeeded != runs) {
        throw new IllegalStateException("jython on FileJournal: expected " + runs + " succeeded runs, got " + succeeded);
      }
    } finally {
      delete(dir);
    }
    return runs * 1e9 / elapsed;
  }

  /** Submits {@code n} MALICIOUS events, at most a window in flight; returns the runs that succeeded. */
  private static long submit(CorePlaybookEngine engine, String tag, int n) throws InterruptedException {
    Semaphore window = new Semaphore(EndToEndMeasure.WINDOW);
    AtomicLong succeeded = new AtomicLong();
    for (int i = 0; i < n; i++) {
      SecurityEvent e = Workloads.event("d-" + tag + "-" + i, "g" + (i % 100), Classification.MALICIOUS);
      window.acquire();
      engine.submit(e).whenComplete((o, x) -> {
        if (o != null) {
          succeeded.addAndGet(o.results().stream().filter(r -> r.status() == InvocationStatus.SUCCEEDED).count());
        }
        window.release();
      });
    }
    if (!window.tryAcquire(EndToEndMeasure.WINDOW, 5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("runs did not end within 5 minutes");
    }
    return succeeded.get();
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
