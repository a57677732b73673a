package io.edrplaybook.api.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, unmodifiable copies of JSON-like values: maps with string keys, lists, strings, numbers,
 * booleans and null. Anything else is refused with the path where it was found.
 */
public final class JsonValues {
  private JsonValues() {}

  /** Returns an unmodifiable deep copy of {@code map}, keeping its order; null becomes empty. */
  public static Map<String, Object> copy(String path, Map<String, ?> map) {
    return copy(null, path, map);
  }

  // the path of a value is parent + "." + key (or "[" + index + "]"): built only for an error
  // message, never for a value that is fine (results are copied on every run)
  private static Map<String, Object> copy(Object parent, Object step, Map<String, ?> map) {
    if (map == null) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
    Object[] here = {parent, step};
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException(path(parent, step) + ": keys must not be null");
      }
      out.put(e.getKey(), value(here, e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static Object value(Object parent, Object step, Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
        || v instanceof Long || v instanceof Double || v instanceof BigInteger
        || v instanceof BigDecimal || v instanceof Float || v instanceof Short || v instanceof Byte) {
      if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
        throw new IllegalArgumentException(path(parent, step) + ": must be a finite number, was " + d);
      }
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          throw new IllegalArgumentException(path(parent, step) + ": keys must be strings, was " + k);
        }
      }
      return copy(parent, step, (Map<String, ?>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      Object[] here = {parent, step};
      for (int i = 0; i < l.size(); i++) {
        out.add(value(here, i, l.get(i)));
      }
      return Collections.unmodifiableList(out);
    }
    throw new IllegalArgumentException(path(parent, step) + ": must be a JSON value (map, list, string, number,"
        + " boolean or null), was a " + v.getClass().getName());
  }

  /** The path of {@code step} under {@code parent} ({@code {grandparent, step}} pairs, or null). */
  private static String path(Object parent, Object step) {
    if (parent == null) {
      return String.valueOf(step);
    }
    Object[] p = (Object[]) parent;
    String head = path(p[0], p[1]);
    return step instanceof Integer i ? head + "[" + i + "]" : head + "." + step;
  }
}
