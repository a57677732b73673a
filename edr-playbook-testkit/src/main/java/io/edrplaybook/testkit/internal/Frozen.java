package io.edrplaybook.testkit.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Unmodifiable deep copies of JSON-like values that, unlike {@code Map.copyOf}, keep nulls. */
public final class Frozen {
  private Frozen() {}

  /** Copies a map deeply, keeping its order. */
  public static Map<String, Object> map(Map<String, ?> source) {
    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, source.size() * 2));
    source.forEach((k, v) -> out.put(k, value(v)));
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static Object value(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, x) -> copy.put(String.valueOf(k), x));
      return map(copy);
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      l.forEach(x -> copy.add(value(x)));
      return Collections.unmodifiableList(copy);
    }
    return v;
  }
}
