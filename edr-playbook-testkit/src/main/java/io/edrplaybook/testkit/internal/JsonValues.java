package io.edrplaybook.testkit.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, unmodifiable copies of JSON-like values: maps with string keys, lists, strings, numbers,
 * booleans and null. Anything else is refused with the path where it was found. The same rule as
 * the model types' (the api module's own copy is not exported to the test kit, which uses only
 * the api's public packages).
 */
public final class JsonValues {
  private JsonValues() {}

  /** Returns an unmodifiable deep copy of {@code map}, keeping its order; null becomes empty. */
  public static Map<String, Object> copy(String path, Map<String, ?> map) {
    if (map == null) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException(path + ": keys must not be null");
      }
      out.put(e.getKey(), value(path + "." + e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static Object value(String path, Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
        || v instanceof Long || v instanceof Double || v instanceof BigInteger
        || v instanceof BigDecimal || v instanceof Float || v instanceof Short || v instanceof Byte) {
      if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
        throw new IllegalArgumentException(path + ": must be a finite number, was " + d);
      }
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          throw new IllegalArgumentException(path + ": keys must be strings, was " + k);
        }
      }
      return copy(path, (Map<String, ?>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(value(path + "[" + i + "]", l.get(i)));
      }
      return Collections.unmodifiableList(out);
    }
    throw new IllegalArgumentException(path + ": must be a JSON value (map, list, string, number,"
        + " boolean or null), was a " + v.getClass().getName());
  }
}
