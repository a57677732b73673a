package io.edrplaybook.benchmarks;

import io.edrplaybook.api.Plan;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.benchmarks.internal.NoopRunner;
import io.edrplaybook.benchmarks.internal.Workloads;
import io.edrplaybook.core.CorePlaybookEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code plan(event)} over 50 playbooks × 200 actions × 20 connectors (see
 * {@link Workloads#routing}), events spread over 100 collector groups and every classification.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBenchmark {
  private CorePlaybookEngine engine;
  private SecurityEvent[] events;
  private int next;

  /** Builds the engine and the events. */
  @Setup
  public void setUp() {
    engine = CorePlaybookEngine.builder().discoverRunners(false).runner(new NoopRunner())
        .defaultRunner(NoopRunner.ID).configuration(Workloads.routing(NoopRunner.ID)).build();
    events = Workloads.routingEvents(4096);
  }

  /** Closes the engine. */
  @TearDown
  public void tearDown() {
    engine.close();
  }

  /** One plan of the next event. */
  @Benchmark
  public Plan plan() {
    SecurityEvent e = events[next];
    next = (next + 1) & (events.length - 1);
    return engine.plan(e);
  }
}
