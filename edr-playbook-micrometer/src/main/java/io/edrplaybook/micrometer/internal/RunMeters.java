package io.edrplaybook.micrometer.internal;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.micrometer.EdrPlaybookMetrics;
import io.edrplaybook.micrometer.MetricsOptions;
import io.edrplaybook.spi.PlaybookListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The meters that move with the engine's records: a listener, so it runs on the engine's
 * notifier thread, never on a run's. Meters are looked up once per tag combination and cached.
 */
public final class RunMeters implements PlaybookListener {
  private final MeterRegistry registry;
  private final MetricsOptions options;
  private final Consumer<Meter> registered;
  private final TagLimiter organizations;
  private final TagLimiter actions;
  private final TagLimiter connectors;
  private final TagLimiter runners;
  /** Raw values to their meters; bounded, so values past the tag caps cannot grow it. */
  private static final int MAX_CACHED = 10_000;

  private record Ended(String organization, String action, String connector, String runner, InvocationStatus status) {
  }

  /** A status's meters; no duration timer for the statuses of runs that mostly never started. */
  private record EndedMeters(Tags tags, Counter runs, Timer duration) {
  }

  private record Waited(String organization, String connector) {
  }

  private final Map<Ended, EndedMeters> ended = new ConcurrentHashMap<>();
  private final Map<Waited, Timer> waited = new ConcurrentHashMap<>();
  private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Tags, Timer> timers = new ConcurrentHashMap<>();
  private final Counter classifications;
  private final Counter startsAppended;
  private final Counter resultsAppended;
  private final Counter journalFailures;

  /**
   * Creates the meters of {@code registry}.
   *
   * @param registered told of every meter registered, so the binding can remove them
   */
  public RunMeters(MeterRegistry registry, MetricsOptions options, Consumer<Meter> registered) {
    this.registry = registry;
    this.options = options;
    this.registered = registered;
    String other = EdrPlaybookMetrics.OTHER;
    this.organizations = new TagLimiter(options.maxTagValues(), other);
    this.actions = new TagLimiter(options.maxTagValues(), other);
    this.connectors = new TagLimiter(options.maxTagValues(), other);
    this.runners = new TagLimiter(options.maxTagValues(), other);
    this.classifications = counter(EdrPlaybookMetrics.JOURNAL_APPENDS, "Entries the engine recorded in its journal",
        Tags.of("kind", "classification"));
    this.startsAppended = counter(EdrPlaybookMetrics.JOURNAL_APPENDS, "Entries the engine recorded in its journal",
        Tags.of("kind", "start"));
    this.resultsAppended = counter(EdrPlaybookMetrics.JOURNAL_APPENDS, "Entries the engine recorded in its journal",
        Tags.of("kind", "result"));
    this.journalFailures = counter(EdrPlaybookMetrics.JOURNAL_FAILURES, "Journal calls that failed", Tags.empty());
  }

  /** Returns the bounded organization tag value of {@code organization}. */
  public String organization(String organization) {
    return organizations.of(organization);
  }

  /** Returns the bounded connector tag value of {@code connector}. */
  public String connector(String connector) {
    return connectors.of(connector);
  }

  @Override
  public void onClassification(ClassificationChange change) {
    classifications.increment();
  }

  @Override
  public void onStarted(InvocationStarted started) {
    startsAppended.increment();
  }

  @Override
  public void onStarted(InvocationStarted started, Duration queueWait) {
    startsAppended.increment();
    Invocation i = started.invocation();
    if (i.test()) {
      return;
    }
    Waited key = new Waited(i.organization(), i.connector());
    Timer t = waited.get(key);
    if (t == null) {
      t = timer(EdrPlaybookMetrics.RUN_QUEUE_WAIT, "From a run's acceptance to its start",
          Tags.of("organization", organizations.of(i.organization()), "connector", connectors.of(i.connector())));
      if (waited.size() < MAX_CACHED) {
        waited.put(key, t);
      }
    }
    t.record(queueWait);
  }

  @Override
  public void onFinished(InvocationResult r) {
    resultsAppended.increment();
    Invocation i = r.invocation();
    String status = r.status().name().toLowerCase(Locale.ROOT);
    if (i.test()) {
      counter(EdrPlaybookMetrics.TEST_RUNS, "Test button runs ended, by status", Tags.of("status", status))
          .increment();
      return;
    }
    EndedMeters meters = endedMeters(i, r.status(), status);
    meters.runs().increment();
    if (meters.duration() != null) {
      meters.duration().record(r.duration());
    } else if (!r.duration().isZero()) {
      // a run cancelled after it started: timed (looked up, as this is rare)
      timer(EdrPlaybookMetrics.RUN_DURATION, "How long runs ran, by status", meters.tags()).record(r.duration());
    }
    if (r.status() == InvocationStatus.REJECTED) {
      counter(EdrPlaybookMetrics.REJECTIONS, "Runs rejected, by reason",
          Tags.of("organization", organizations.of(i.organization()), "reason", Rejections.reason(r))).increment();
    }
    if (i.attempt() > 1) {
      counter(EdrPlaybookMetrics.RETRIES, "Attempts after a run's first (retries and operator re-runs)",
          Tags.of("organization", organizations.of(i.organization()), "action", actions.of(i.action()),
              "connector", connectors.of(i.connector()))).increment();
    }
  }

  private EndedMeters endedMeters(Invocation i, InvocationStatus s, String status) {
    Ended key = new Ended(i.organization(), i.action(), i.connector(), i.runner(), s);
    EndedMeters m = ended.get(key);
    if (m == null) {
      Tags tags = Tags.of("organization", organizations.of(i.organization()), "action", actions.of(i.action()),
          "connector", connectors.of(i.connector()), "runner", runners.of(i.runner()), "status", status);
      boolean unstarted = s == InvocationStatus.REJECTED || s == InvocationStatus.CANCELLED
          || s == InvocationStatus.DENIED || s == InvocationStatus.EXPIRED;
      m = new EndedMeters(tags, counter(EdrPlaybookMetrics.RUNS, "Runs ended, by status", tags),
          unstarted ? null : timer(EdrPlaybookMetrics.RUN_DURATION, "How long runs ran, by status", tags));
      if (ended.size() < MAX_CACHED) {
        ended.put(key, m);
      }
    }
    return m;
  }

  @Override
  public void onJournalFailure(JournalException failure) {
    journalFailures.increment();
  }

  private Counter counter(String name, String description, Tags tags) {
    Tags key = tags.and("__name", name);
    Counter c = counters.get(key);
    if (c == null) {
      c = counters.computeIfAbsent(key, k -> {
        Counter made = Counter.builder(name).description(description).tags(tags).register(registry);
        registered.accept(made);
        return made;
      });
    }
    return c;
  }

  private Timer timer(String name, String description, Tags tags) {
    Tags key = tags.and("__name", name);
    Timer t = timers.get(key);
    if (t == null) {
      t = timers.computeIfAbsent(key, k -> {
        Timer.Builder b = Timer.builder(name).description(description).tags(tags)
            .publishPercentileHistogram(options.percentileHistogram());
        if (!options.percentiles().isEmpty()) {
          b.publishPercentiles(options.percentiles().stream().mapToDouble(Double::doubleValue).toArray());
        }
        Timer made = b.register(registry);
        registered.accept(made);
        return made;
      });
    }
    return t;
  }
}
