package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.api.Plan;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Routing: {@code plan(event)} on the core engine over the 50 playbooks × 200 actions × 20
 * connectors configuration, one thread, events spread over 100 collector groups and every
 * classification. Each plan is timed on its own (for the percentiles); the rate is events per
 * second of the measuring thread's CPU time over whole batches (median batch), so that other
 * processes on a shared machine do not count; the wall-clock rate is shown beside it.
 */
public final class RoutingMeasure {
  private static final int BATCH = 4096;

  private RoutingMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) {
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runner(new NoopRunner())
        .defaultRunner(NoopRunner.ID).configuration(Workloads.routing(NoopRunner.ID)).build()) {
      SecurityEvent[] events = Workloads.routingEvents(BATCH);
      long lines = 0;
      long warmUntil = System.nanoTime() + (quick ? 1_500_000_000L : 4_000_000_000L);
      while (System.nanoTime() < warmUntil) {
        lines += batch(engine, events, null);
      }
      Samples perEvent = new Samples();
      Samples rates = new Samples();
      Samples wallRates = new Samples();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      int rounds = quick ? 150 : 600;
      long invocations = 0;
      for (int r = 0; r < rounds; r++) {
        // every other batch is timed per event; the others give the rate without timer overhead
        if (r % 2 == 0) {
          lines += batch(engine, events, perEvent);
        } else {
          long c0 = threads.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          long n = batch(engine, events, null);
          long wall = System.nanoTime() - t0;
          rates.add(BATCH * 1e9 / Math.max(1, threads.getCurrentThreadCpuTime() - c0));
          wallRates.add(BATCH * 1e9 / wall);
          invocations += n;
          lines += n;
        }
      }
      double perPlan = (double) invocations / (BATCH * (rounds / 2));
      table.latency("routing: plan(event), 50 pb x 200 actions x 20 conn", perEvent, "",
          String.format(Locale.ROOT, "%.1f invocations per plan", perPlan));
      table.row("routing: events per CPU-second, 1 thread", Table.num(rates.median()),
          Table.num(rates.percentile(1)) + " (p1)", "", "median batch of " + BATCH + " events");
      table.row("routing: events per wall-second, 1 thread", Table.num(wallRates.median()),
          Table.num(wallRates.percentile(1)) + " (p1)", "", "includes time the machine gave to others");
      table.target("routing_events_per_s", Math.rint(rates.median()), ">=", 1_000_000);
      table.key("routing_wall_events_per_s", Math.rint(wallRates.median()));
      table.key("routing_plan_p50_ns", Math.rint(perEvent.median()));
      table.key("routing_plan_p99_ns", Math.rint(perEvent.p99()));
      if (lines == 42) {
        System.out.print("");
      }
    }
  }

  private static long batch(CorePlaybookEngine engine, SecurityEvent[] events, Samples perEvent) {
    long lines = 0;
    if (perEvent == null) {
      for (SecurityEvent e : events) {
        lines += engine.plan(e).invocations().size();
      }
      return lines;
    }
    for (SecurityEvent e : events) {
      long t0 = System.nanoTime();
      Plan p = engine.plan(e);
      perEvent.add(System.nanoTime() - t0);
      lines += p.invocations().size();
    }
    return lines;
  }
}
