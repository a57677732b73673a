package io.edrplaybook.testkit.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Looks values up in a script's {@code ctx} by dotted path ({@code event.device.name},
 * {@code params.recipients[0]}) and compares them the way a Python script would see them.
 */
public final class CtxPaths {
  private CtxPaths() {}

  /** What a path lookup found: the value (which may be null, as Python's None) or why nothing. */
  public record Found(boolean present, Object value, String missing) {
  }

  /**
   * Follows {@code path} through maps (by key) and lists ({@code [n]}).
   *
   * @return the value, or why the path does not lead to one
   */
  public static Found get(Map<String, Object> ctx, String path) {
    Objects.requireNonNull(path, "path");
    Object current = ctx;
    StringBuilder walked = new StringBuilder();
    for (String segment : segments(path)) {
      if (segment.startsWith("[")) {
        int index;
        try {
          index = Integer.parseInt(segment.substring(1, segment.length() - 1));
        } catch (NumberFormatException e) {
          return missing("\"" + segment + "\" is not a list index");
        }
        if (!(current instanceof List<?> list)) {
          return missing("ctx." + walked + " is not a list, it is " + describe(current));
        }
        if (index < 0 || index >= list.size()) {
          return missing("ctx." + walked + " has " + list.size() + " elements, no " + segment);
        }
        current = list.get(index);
        walked.append(segment);
      } else {
        if (!(current instanceof Map<?, ?> map)) {
          return missing((walked.length() == 0 ? "ctx" : "ctx." + walked) + " is not a dict, it is "
              + describe(current));
        }
        if (!map.containsKey(segment)) {
          return missing((walked.length() == 0 ? "ctx" : "ctx." + walked) + " has no key \"" + segment
              + "\"; it has " + map.keySet());
        }
        current = map.get(segment);
        if (walked.length() > 0) {
          walked.append('.');
        }
        walked.append(segment);
      }
    }
    return new Found(true, current, "");
  }

  private static Found missing(String why) {
    return new Found(false, null, why);
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String dotted : path.split("\\.")) {
      int bracket = dotted.indexOf('[');
      if (bracket < 0) {
        out.add(dotted);
        continue;
      }
      if (bracket > 0) {
        out.add(dotted.substring(0, bracket));
      }
      String rest = dotted.substring(bracket);
      while (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("ctx path \"" + path + "\" has an unclosed \"[\"");
        }
        out.add(rest.substring(0, close + 1));
        rest = rest.substring(close + 1);
      }
      if (!rest.isEmpty()) {
        throw new IllegalArgumentException("ctx path \"" + path + "\" has text after \"]\": \"" + rest + "\"");
      }
    }
    return out;
  }

  /**
   * Compares an expected value with what the script saw: numbers by value (443 equals 443L),
   * enums by name ({@code Classification.MALICIOUS} equals {@code "MALICIOUS"}), maps and lists
   * element by element.
   */
  public static boolean matches(Object expected, Object actual) {
    if (expected instanceof Enum<?> e) {
      expected = e.name();
    }
    if (expected == null || actual == null) {
      return expected == actual;
    }
    if (expected instanceof Number a && actual instanceof Number b) {
      return toBig(a).compareTo(toBig(b)) == 0;
    }
    if (expected instanceof Map<?, ?> a && actual instanceof Map<?, ?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : a.entrySet()) {
        if (!b.containsKey(String.valueOf(e.getKey())) || !matches(e.getValue(), b.get(String.valueOf(e.getKey())))) {
          return false;
        }
      }
      return true;
    }
    if (expected instanceof List<?> a && actual instanceof List<?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!matches(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return expected.equals(actual);
  }

  private static BigDecimal toBig(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Double || n instanceof Float) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /** Renders a value for a message: text quoted, None for null. */
  public static String describe(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof CharSequence s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(value);
  }
}
