package io.edrplaybook.api.internal;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Condition;
import io.edrplaybook.api.ConditionOperator;
import io.edrplaybook.api.ConfigurationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** The checks of a {@link Condition} when it is built: fields, operands, regular expressions. Not API. */
public final class ConditionChecks {
  /** The longest regular expression accepted. */
  public static final int MAX_REGEX_LENGTH = 500;

  /** What a field holds, which decides the operators and operands it accepts. */
  public enum Kind {
    /** A text of the event or its device, always present (possibly empty). */
    TEXT,
    /** A classification. */
    CLASSIFICATION,
    /** The classifications an event has received. */
    CLASSIFICATIONS,
    /** A JSON value of the details or the device's attributes; may be missing. */
    ANY
  }

  /** The fields that are not paths into JSON values, and what they hold. */
  public static final Map<String, Kind> FIXED = Map.of("organization", Kind.TEXT,
      "classification", Kind.CLASSIFICATION, "device.name", Kind.TEXT, "device.collectorGroup", Kind.TEXT,
      "device.address", Kind.TEXT, "device.os", Kind.TEXT, "history.previous", Kind.CLASSIFICATION,
      "history.classifications", Kind.CLASSIFICATIONS);

  /** The prefixes of paths into JSON values. */
  public static final List<String> OPEN = List.of("details.", "device.attributes.");

  private static final Map<Kind, Set<ConditionOperator>> ALLOWED = Map.of(
      Kind.TEXT, EnumSet.of(ConditionOperator.EQUALS, ConditionOperator.IN, ConditionOperator.MATCHES,
          ConditionOperator.CONTAINS, ConditionOperator.EXISTS),
      Kind.CLASSIFICATION, EnumSet.of(ConditionOperator.EQUALS, ConditionOperator.IN, ConditionOperator.EXISTS),
      Kind.CLASSIFICATIONS, EnumSet.of(ConditionOperator.CONTAINS),
      Kind.ANY, EnumSet.allOf(ConditionOperator.class));

  private ConditionChecks() {}

  /** Returns the kind of {@code field}, or null when it names no field. */
  public static Kind kind(String field) {
    Kind k = FIXED.get(field);
    if (k != null) {
      return k;
    }
    for (String prefix : OPEN) {
      if (field.startsWith(prefix) && field.length() > prefix.length() && !field.endsWith(".")
          && !field.contains("..")) {
        return Kind.ANY;
      }
    }
    return null;
  }

  /** Returns every field name a suggestion may offer. */
  public static List<String> known() {
    List<String> all = new ArrayList<>(FIXED.keySet());
    OPEN.forEach(p -> all.add(p + "<path>"));
    return all;
  }

  /** Validates and copies the parts of an {@code all} or {@code any}. */
  public static List<Condition> parts(String what, List<Condition> parts) {
    if (parts == null || parts.isEmpty()) {
      throw new ConfigurationException(what, "must list at least one condition");
    }
    Problems p = new Problems();
    for (int i = 0; i < parts.size(); i++) {
      p.required(what + "[" + i + "]", parts.get(i));
    }
    p.throwIfAny();
    return List.copyOf(parts);
  }

  /**
   * Checks a field test and returns its operand normalized (numbers as {@link BigDecimal},
   * classifications as constant names, lists unmodifiable).
   *
   * @throws ConfigurationException listing every problem, at {@code field} or at the operator's key
   */
  public static Object check(String field, ConditionOperator operator, Object operand) {
    Problems p = new Problems();
    Kind kind = null;
    if (field == null || field.isBlank()) {
      p.add("field", "is required: the field to test, e.g. details.rule or device.os");
    } else {
      kind = kind(field);
      if (kind == null) {
        p.add("field", unknownField(field));
      }
    }
    if (operator == null) {
      p.add("operator", "is required: one of " + ConditionOperator.keys());
      p.throwIfAny();
    }
    String at = operator.key();
    if (kind != null && !ALLOWED.get(kind).contains(operator)) {
      p.add(at, "does not apply to " + field + " (" + describe(kind) + "); use " + ALLOWED.get(kind).stream()
          .map(ConditionOperator::key).collect(Collectors.joining(", ")));
      p.throwIfAny();
    }
    Object normalized = operand(p, at, kind == null ? Kind.ANY : kind, operator, operand);
    p.throwIfAny();
    return normalized;
  }

  private static Object operand(Problems p, String at, Kind kind, ConditionOperator op, Object operand) {
    switch (op) {
      case EXISTS:
        if (!(operand instanceof Boolean)) {
          p.add(at, "must be true or false, was " + show(operand));
        }
        return operand;
      case MATCHES:
        if (!(operand instanceof String regex)) {
          p.add(at, "must be a regular expression (a string), was " + show(operand));
          return operand;
        }
        RegexGuard.check(regex).ifPresent(m -> p.add(at, m));
        return operand;
      case IN:
        if (!(operand instanceof List<?> list) || list.isEmpty()) {
          p.add(at, "must be a list of at least one value, was " + show(operand));
          return operand;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          out.add(scalar(p, at + "[" + i + "]", kind, list.get(i)));
        }
        return List.copyOf(out);
      case GT, GTE, LT, LTE:
        if (!(operand instanceof Number)) {
          p.add(at, "must be a number, was " + show(operand));
          return operand;
        }
        return number(p, at, (Number) operand);
      default: // EQUALS, CONTAINS
        return scalar(p, at, kind == Kind.CLASSIFICATIONS ? Kind.CLASSIFICATION : kind, operand);
    }
  }

  private static Object scalar(Problems p, String at, Kind kind, Object v) {
    if (kind == Kind.CLASSIFICATION) {
      if (!(v instanceof String s)) {
        p.add(at, "must be a classification's name, was " + show(v));
        return v;
      }
      try {
        return Classification.parse(s).name();
      } catch (IllegalArgumentException e) {
        p.add(at, e.getMessage());
        return v;
      }
    }
    if (kind == Kind.TEXT && !(v instanceof String)) {
      p.add(at, "must be a string (the field is a text), was " + show(v));
      return v;
    }
    if (v instanceof Number n) {
      return number(p, at, n);
    }
    if (!(v instanceof String) && !(v instanceof Boolean)) {
      p.add(at, "must be a string, a number or a boolean, was " + show(v));
    }
    return v;
  }

  private static Object number(Problems p, String at, Number n) {
    try {
      return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      p.add(at, "must be a finite number, was " + n);
      return n;
    }
  }

  /** The message for a field that names nothing: the closest field, else the known ones. */
  private static String unknownField(String field) {
    List<String> near = new ArrayList<>(FIXED.keySet());
    int first = field.indexOf('.');
    int second = first < 0 ? -1 : field.indexOf('.', first + 1);
    for (String prefix : OPEN) {
      if (first > 0) {
        near.add(prefix + field.substring(first + 1)); // "detail.rule" -> "details.rule"
      }
      if (second > 0) {
        near.add(prefix + field.substring(second + 1)); // "device.atributes.x" -> "device.attributes.x"
      }
    }
    return "unknown field \"" + field + "\", " + Suggestions.closest(field, near)
        .map(s -> "did you mean \"" + s + "\"?")
        .orElseGet(() -> "known fields are " + new java.util.TreeSet<>(known()));
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case TEXT -> "a text";
      case CLASSIFICATION -> "a classification";
      case CLASSIFICATIONS -> "a list of classifications";
      case ANY -> "a value";
    };
  }

  /** Renders an operand as written in a condition's text: strings quoted, lists in brackets. */
  public static String show(Object v) {
    if (v instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (v instanceof List<?> l) {
      return "[" + l.stream().map(ConditionChecks::show).collect(Collectors.joining(", ")) + "]";
    }
    if (v instanceof BigDecimal b) {
      return b.toPlainString();
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    return String.valueOf(v);
  }

  static String syntax(PatternSyntaxException e) {
    return e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "");
  }
}
