package io.edrplaybook.micrometer;

import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.micrometer.internal.LoadGauges;
import io.edrplaybook.micrometer.internal.RunMeters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Binds a {@link CorePlaybookEngine} to the host's Micrometer {@link MeterRegistry}: one line,
 * after the engine is built.
 *
 * <pre>{@code
 * EdrPlaybookMetrics metrics = EdrPlaybookMetrics.bind(engine, registry);
 * ...
 * metrics.close(); // optional: removes the listener and the meters
 * }</pre>
 *
 * <p>Counters and timers move with the engine's records (a listener, on the engine's notifier
 * thread: recording never runs on a run's thread). Gauges read {@link CorePlaybookEngine#health()}
 * when scraped, at most once per {@link MetricsOptions#snapshotTtl()}. Every tag's distinct values
 * are capped ({@link MetricsOptions#maxTagValues()}); later values are recorded as
 * {@value #OTHER}. The meters and tags are documented in {@code docs/metrics.md}. Thread-safe.
 */
public final class EdrPlaybookMetrics implements AutoCloseable {
  /** The tag value of everything past a tag's cap of distinct values. */
  public static final String OTHER = "other";
  /** Counter: runs ended; tags organization, action, connector, runner, status. */
  public static final String RUNS = "edr.playbook.runs";
  /** Timer: how long runs ran; tags organization, action, connector, runner, status. */
  public static final String RUN_DURATION = "edr.playbook.run.duration";
  /** Timer: from a run's acceptance to its start; tags organization, connector. */
  public static final String RUN_QUEUE_WAIT = "edr.playbook.run.queue.wait";
  /** Counter: Test button runs ended; tag status. */
  public static final String TEST_RUNS = "edr.playbook.test.runs";
  /** Counter: runs rejected; tags organization, reason. */
  public static final String REJECTIONS = "edr.playbook.rejections";
  /** Counter: attempts after a run's first; tags organization, action, connector. */
  public static final String RETRIES = "edr.playbook.retries";
  /** Gauge: runs accepted and not yet ended. */
  public static final String RUNS_IN_FLIGHT = "edr.playbook.runs.in.flight";
  /** Gauge: runs in a JumpBox lane; tags jumpbox, state (running, queued). */
  public static final String LANE_RUNS = "edr.playbook.lane.runs";
  /** Gauge: runs of a connector; tags organization, connector, state (running, queued). */
  public static final String CONNECTOR_RUNS = "edr.playbook.connector.runs";
  /** Gauge: a runner's workers in service; tag runner. */
  public static final String RUNNER_WORKERS = "edr.playbook.runner.workers";
  /** Gauge: 1 when a runner can start work; tag runner. */
  public static final String RUNNER_READY = "edr.playbook.runner.ready";
  /** Function counter: workers a runner retired and replaced; tag runner. */
  public static final String RUNNER_REPLACEMENTS = "edr.playbook.runner.replacements";
  /** Gauge: lane threads still inside a runner after their run was ended. */
  public static final String THREADS_ABANDONED = "edr.playbook.threads.abandoned";
  /** Counter: journal entries recorded; tag kind (classification, start, result). */
  public static final String JOURNAL_APPENDS = "edr.playbook.journal.appends";
  /** Counter: journal calls that failed. */
  public static final String JOURNAL_FAILURES = "edr.playbook.journal.failures";
  /** Gauge: 1 when the journal takes writes. */
  public static final String JOURNAL_WRITABLE = "edr.playbook.journal.writable";

  private final CorePlaybookEngine engine;
  private final MeterRegistry registry;
  private final RunMeters runs;
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private EdrPlaybookMetrics(CorePlaybookEngine engine, MeterRegistry registry, MetricsOptions options) {
    this.engine = engine;
    this.registry = registry;
    this.runs = new RunMeters(registry, options, this::registered);
    new LoadGauges(registry, engine::health, options.snapshotTtl(), options.maxTagValues(), runs, this::registered);
    engine.addListener(runs);
  }

  /**
   * Binds {@code engine} to {@code registry} with {@link MetricsOptions#defaults()}.
   *
   * @return the binding; close it to remove its listener and meters (closing the engine is enough
   *     otherwise)
   * @throws io.edrplaybook.api.EngineClosedException when the engine is closed
   */
  public static EdrPlaybookMetrics bind(CorePlaybookEngine engine, MeterRegistry registry) {
    return bind(engine, registry, MetricsOptions.defaults());
  }

  /**
   * Binds {@code engine} to {@code registry}.
   *
   * @return the binding; close it to remove its listener and meters
   * @throws io.edrplaybook.api.EngineClosedException when the engine is closed
   */
  public static EdrPlaybookMetrics bind(CorePlaybookEngine engine, MeterRegistry registry, MetricsOptions options) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(options, "options");
    return new EdrPlaybookMetrics(engine, registry, options);
  }

  private void registered(Meter m) {
    if (closed) {
      registry.remove(m);
    } else {
      meters.add(m);
    }
  }

  /** Removes the listener and every meter this binding registered. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    engine.removeListener(runs);
    for (Meter m : meters) {
      registry.remove(m);
    }
    meters.clear();
  }
}
