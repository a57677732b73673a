package io.edrplaybook.micrometer.internal;

import io.edrplaybook.api.ConnectorLoad;
import io.edrplaybook.api.EngineHealth;
import io.edrplaybook.api.LaneLoad;
import io.edrplaybook.api.RunnerHealth;
import io.edrplaybook.micrometer.EdrPlaybookMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gauges read from the engine's health: runs in flight, lanes, connectors, runners, abandoned
 * threads, the journal. One snapshot serves every gauge for {@code ttl}; a lane, connector or
 * runner first seen in a snapshot gets its gauges then (they show from the next scrape).
 * Thread-safe.
 */
public final class LoadGauges {
  private final MeterRegistry registry;
  private final Supplier<EngineHealth> health;
  private final long ttlNanos;
  private final Consumer<Meter> registered;
  private final TagLimiter jumpBoxes;
  private final RunMeters names;
  private final Set<Object> known = ConcurrentHashMap.newKeySet();
  private volatile EngineHealth last;
  private volatile long lastNanos;

  /** Registers the engine-wide gauges; the others come as their lanes, connectors and runners appear. */
  public LoadGauges(MeterRegistry registry, Supplier<EngineHealth> health, Duration ttl, int maxTagValues,
      RunMeters names, Consumer<Meter> registered) {
    this.registry = registry;
    this.health = health;
    this.ttlNanos = ttl.toNanos();
    this.registered = registered;
    this.jumpBoxes = new TagLimiter(maxTagValues, EdrPlaybookMetrics.OTHER);
    this.names = names;
    gauge(EdrPlaybookMetrics.RUNS_IN_FLIGHT, "Runs accepted and not yet ended", Tags.empty(),
        h -> h.runsInFlight());
    gauge(EdrPlaybookMetrics.THREADS_ABANDONED, "Lane threads still in a runner after their run was ended",
        Tags.empty(), h -> h.abandonedThreads());
    gauge(EdrPlaybookMetrics.JOURNAL_WRITABLE, "1 when the journal takes writes, else 0", Tags.empty(),
        h -> h.journalWritable() ? 1 : 0);
    refresh();
  }

  /** Reads the health now and registers the gauges of what is new in it. */
  public EngineHealth refresh() {
    EngineHealth h = health.get();
    last = h;
    lastNanos = System.nanoTime();
    for (LaneLoad l : h.lanes()) {
      String jb = jumpBoxes.of(l.jumpBox());
      if (known.add(new LaneKey(jb))) {
        for (String state : new String[] {"running", "queued"}) {
          boolean running = state.equals("running");
          gauge(EdrPlaybookMetrics.LANE_RUNS, "Runs in a JumpBox lane, running or waiting",
              Tags.of("jumpbox", jb, "state", state), s -> s.lanes().stream()
                  .filter(x -> jumpBoxes.of(x.jumpBox()).equals(jb))
                  .mapToInt(x -> running ? x.running() : x.queued()).sum());
        }
      }
    }
    for (ConnectorLoad c : h.connectors()) {
      String org = names.organization(c.organization());
      String con = names.connector(c.connector());
      if (known.add(new ConnectorKey(org, con))) {
        for (String state : new String[] {"running", "queued"}) {
          boolean running = state.equals("running");
          gauge(EdrPlaybookMetrics.CONNECTOR_RUNS, "Runs of a connector, running or waiting",
              Tags.of("organization", org, "connector", con, "state", state), s -> s.connectors().stream()
                  .filter(x -> names.organization(x.organization()).equals(org)
                      && names.connector(x.connector()).equals(con))
                  .mapToInt(x -> running ? x.running() : x.queued()).sum());
        }
      }
    }
    for (RunnerHealth r : h.runners()) {
      String id = r.runner();
      if (known.add(new RunnerKey(id))) {
        Tags tags = Tags.of("runner", id);
        gauge(EdrPlaybookMetrics.RUNNER_WORKERS, "A runner's workers in service", tags,
            s -> runner(s, id).map(RunnerHealth::workersAlive).orElse(0));
        gauge(EdrPlaybookMetrics.RUNNER_READY, "1 when a runner can start work, else 0", tags,
            s -> runner(s, id).map(x -> x.ready() ? 1 : 0).orElse(0));
        FunctionCounter fc = FunctionCounter.builder(EdrPlaybookMetrics.RUNNER_REPLACEMENTS, this,
                g -> runner(g.snapshot(), id).map(RunnerHealth::replacements).orElse(0L))
            .description("Workers a runner retired and replaced").tags(tags).register(registry);
        registered.accept(fc);
      }
    }
    return h;
  }

  private static java.util.Optional<RunnerHealth> runner(EngineHealth h, String id) {
    return h.runners().stream().filter(r -> r.runner().equals(id)).findFirst();
  }

  /** The health no older than the ttl. */
  EngineHealth snapshot() {
    EngineHealth h = last;
    if (h == null || System.nanoTime() - lastNanos >= ttlNanos) {
      try {
        h = refresh();
      } catch (RuntimeException e) {
        return h; // health() never throws; a registry that refuses a meter keeps the old snapshot
      }
    }
    return h;
  }

  private void gauge(String name, String description, Tags tags, ToDoubleFunction<EngineHealth> value) {
    Gauge g = Gauge.builder(name, this, x -> value.applyAsDouble(x.snapshot())).description(description)
        .tags(tags).strongReference(true).register(registry);
    registered.accept(g);
  }

  private record LaneKey(String jumpBox) {
  }

  private record ConnectorKey(String organization, String connector) {
  }

  private record RunnerKey(String runner) {
  }
}
