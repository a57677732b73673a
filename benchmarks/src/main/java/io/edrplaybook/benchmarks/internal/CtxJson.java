package io.edrplaybook.benchmarks.internal;

import java.util.List;
import java.util.Map;

/** Writes JSON-like Java values (maps, lists, strings, numbers, booleans, null) as JSON text. */
final class CtxJson {
  private CtxJson() {}

  static String of(Object v) {
    StringBuilder b = new StringBuilder();
    write(b, v);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      b.append(DirectSpawn.jsonString(s));
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(sep).append(DirectSpawn.jsonString(e.getKey().toString())).append(": ");
        write(b, e.getValue());
        sep = ", ";
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        b.append(i > 0 ? ", " : "");
        write(b, l.get(i));
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }
}
