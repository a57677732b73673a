package io.edrplaybook.benchmarks.internal;

import java.util.Arrays;

/** A growable array of measurements (nanoseconds, or rates) with percentiles. Not thread-safe. */
public final class Samples {
  private double[] values = new double[1024];
  private int size;

  /** Adds one measurement. */
  public void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /** Forgets every measurement. */
  public void clear() {
    size = 0;
  }

  /** Returns how many measurements were added. */
  public int size() {
    return size;
  }

  /** Returns the {@code p}-th percentile (0..100), nearest rank; NaN when empty. */
  public double percentile(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  /** Returns the median: the middle value, or the mean of the two middle values; NaN when empty. */
  public double median() {
    if (size == 0 || size % 2 == 1) {
      return percentile(50);
    }
    double[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    return (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
  }

  /** Returns the 99th percentile. */
  public double p99() {
    return percentile(99);
  }
}
