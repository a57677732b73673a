package io.edrplaybook.micrometer.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds one tag's distinct values: the first {@code max} seen are kept, every later one is
 * {@code other}. Thread-safe.
 */
public final class TagLimiter {
  private final int max;
  private final String other;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /** Keeps at most {@code max} values; the rest become {@code other}. */
  public TagLimiter(int max, String other) {
    this.max = max;
    this.other = other;
  }

  /** Returns {@code value} when it is (or now becomes) one of the kept values, else the other bucket. */
  public String of(String value) {
    if (seen.contains(value)) {
      return value;
    }
    synchronized (this) {
      if (seen.contains(value)) {
        return value;
      }
      if (seen.size() >= max) {
        return other;
      }
      seen.add(value);
      return value;
    }
  }
}
