package io.edrplaybook.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link EdrPlaybookMetrics} records. Start from {@link #defaults()}.
 *
 * @param maxTagValues distinct values each tag (organization, action, connector, runner, JumpBox)
 *     takes at most; later values are recorded as {@value EdrPlaybookMetrics#OTHER} (1 to 10 000,
 *     default 100)
 * @param percentiles client-side percentiles published by the timers, each in (0, 1); default
 *     none (they cost memory per timer and cannot be aggregated across instances)
 * @param percentileHistogram whether the timers publish histogram buckets (for server-side
 *     percentiles, e.g. Prometheus {@code histogram_quantile}); default false
 * @param snapshotTtl how long the gauges reuse one {@code engine.health()} (0 to 1 minute, default
 *     1 second): one scrape reads every gauge from one snapshot
 */
public record MetricsOptions(int maxTagValues, List<Double> percentiles, boolean percentileHistogram,
    Duration snapshotTtl) {

  /** Validates and copies. */
  public MetricsOptions {
    Objects.requireNonNull(percentiles, "percentiles");
    Objects.requireNonNull(snapshotTtl, "snapshotTtl");
    StringBuilder problems = new StringBuilder();
    if (maxTagValues < 1 || maxTagValues > 10_000) {
      problems.append("maxTagValues must be between 1 and 10000, was ").append(maxTagValues).append("; ");
    }
    for (Double p : percentiles) {
      if (p == null || !(p > 0 && p < 1)) {
        problems.append("each percentile must be between 0 and 1 (exclusive), was ").append(p).append("; ");
      }
    }
    if (snapshotTtl.isNegative() || snapshotTtl.compareTo(Duration.ofMinutes(1)) > 0) {
      problems.append("snapshotTtl must be between PT0S and PT1M, was ").append(snapshotTtl).append("; ");
    }
    if (problems.length() > 0) {
      throw new IllegalArgumentException("Metrics options refused: " + problems.substring(0, problems.length() - 2));
    }
    percentiles = List.copyOf(percentiles);
  }

  /** 100 values per tag, no percentiles, no histogram, a 1 s snapshot. */
  public static MetricsOptions defaults() {
    return new MetricsOptions(100, List.of(), false, Duration.ofSeconds(1));
  }

  /** Returns these options with {@code maxTagValues}. */
  public MetricsOptions withMaxTagValues(int maxTagValues) {
    return new MetricsOptions(maxTagValues, percentiles, percentileHistogram, snapshotTtl);
  }

  /** Returns these options with client-side {@code percentiles} (e.g. 0.5, 0.95, 0.99). */
  public MetricsOptions withPercentiles(double... percentiles) {
    return new MetricsOptions(maxTagValues, java.util.Arrays.stream(percentiles).boxed().toList(),
        percentileHistogram, snapshotTtl);
  }

  /** Returns these options with histogram buckets on or off. */
  public MetricsOptions withPercentileHistogram(boolean on) {
    return new MetricsOptions(maxTagValues, percentiles, on, snapshotTtl);
  }

  /** Returns these options with {@code snapshotTtl}. */
  public MetricsOptions withSnapshotTtl(Duration ttl) {
    return new MetricsOptions(maxTagValues, percentiles, percentileHistogram, ttl);
  }
}
