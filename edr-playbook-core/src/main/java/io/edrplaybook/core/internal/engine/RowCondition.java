package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Condition;
import io.edrplaybook.api.ConditionOperator;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.internal.ConditionChecks;
import io.edrplaybook.api.internal.RegexGuard;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A row's {@link Condition} compiled once, when the configuration is applied (regular expressions
 * included), and evaluated per event without throwing: a missing field makes every test on it
 * false but {@code exists: false}. Immutable and thread-safe.
 */
public final class RowCondition {
  /** What a field resolved to when the event does not have it. */
  private static final Object MISSING = new Object();

  private final Condition condition;
  private final Node root;

  /** One evaluation: whether it held, and the clause that decided it with the value it saw. */
  private record Outcome(boolean holds, String clause) {
  }

  private interface Node {
    Outcome eval(ConditionFacts facts);
  }

  private RowCondition(Condition condition) {
    this.condition = condition;
    this.root = node(condition);
  }

  /** Compiles {@code condition}. */
  public static RowCondition compile(Condition condition) {
    return new RowCondition(condition);
  }

  /** Returns the condition's text. */
  public String text() {
    return condition.text();
  }

  /**
   * Returns null when the condition holds for {@code facts}, else the clause that failed and why.
   *
   * @throws io.edrplaybook.api.JournalException only when the journal fails to read the history a
   *     {@code history.classifications} test needs; nothing about the event itself throws
   */
  public String failure(ConditionFacts facts) {
    Outcome o = root.eval(facts);
    return o.holds() ? null : o.clause();
  }

  private static Node node(Condition c) {
    if (c instanceof Condition.AllOf all) {
      List<Node> parts = all.conditions().stream().map(RowCondition::node).toList();
      return facts -> {
        for (Node n : parts) {
          Outcome o = n.eval(facts);
          if (!o.holds()) {
            return o;
          }
        }
        return new Outcome(true, all.text());
      };
    }
    if (c instanceof Condition.AnyOf any) {
      List<Node> parts = any.conditions().stream().map(RowCondition::node).toList();
      return facts -> {
        List<String> failed = new ArrayList<>();
        for (Node n : parts) {
          Outcome o = n.eval(facts);
          if (o.holds()) {
            return o;
          }
          failed.add(o.clause());
        }
        return new Outcome(false, failed.size() == 1 ? failed.get(0) : "none of " + String.join("; ", failed));
      };
    }
    if (c instanceof Condition.Not not) {
      Node inner = node(not.condition());
      return facts -> {
        Outcome o = inner.eval(facts);
        return new Outcome(!o.holds(), "not(" + o.clause() + ")");
      };
    }
    Condition.FieldTest t = (Condition.FieldTest) c;
    Pattern regex = t.operator() == ConditionOperator.MATCHES ? Pattern.compile((String) t.operand()) : null;
    return facts -> test(t, regex, value(t.field(), facts));
  }

  private static Outcome test(Condition.FieldTest t, Pattern regex, Object v) {
    Object operand = t.operand();
    String seen = v == MISSING ? " (missing)" : " (was " + show(v) + ")";
    boolean holds;
    switch (t.operator()) {
      case EXISTS -> holds = (v != MISSING) == (Boolean) operand;
      case EQUALS -> holds = v != MISSING && same(v, operand);
      case IN -> holds = v != MISSING && ((List<?>) operand).stream().anyMatch(o -> same(v, o));
      case CONTAINS -> holds = v instanceof List<?> l ? l.stream().anyMatch(e -> same(e, operand))
          : v instanceof String s && operand instanceof String o && s.contains(o);
      case MATCHES -> {
        String text = v instanceof String s ? s : v instanceof Number n ? plain(n) : null;
        if (text == null) {
          holds = false;
        } else {
          RegexGuard.Found f = RegexGuard.find(regex, text);
          holds = f == RegexGuard.Found.MATCH;
          if (f == RegexGuard.Found.TOO_LONG) {
            seen = " (a value of " + text.length() + " characters, longer than the " + RegexGuard.MAX_INPUT
                + " a regular expression is run on)";
          } else if (f == RegexGuard.Found.GAVE_UP) {
            seen = " (the search gave up after " + RegexGuard.MAX_STEPS + " steps" + seen.substring(1);
          }
        }
      }
      default -> {
        BigDecimal n = number(v);
        if (n == null) {
          holds = false;
          if (v != MISSING) {
            seen = " (was " + show(v) + ", not a number)";
          }
        } else {
          int cmp = n.compareTo((BigDecimal) operand);
          holds = switch (t.operator()) {
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            case LT -> cmp < 0;
            default -> cmp <= 0;
          };
        }
      }
    }
    return new Outcome(holds, t.text() + seen);
  }

  /** Equality of a value and an operand (a string, a number or a boolean): numbers by value. */
  private static boolean same(Object v, Object operand) {
    if (operand instanceof BigDecimal b) {
      BigDecimal n = v instanceof Number || v instanceof String ? number(v) : null;
      return n != null && n.compareTo(b) == 0;
    }
    return operand.equals(v);
  }

  private static BigDecimal number(Object v) {
    try {
      if (v instanceof BigDecimal b) {
        return b;
      }
      if (v instanceof Number n) {
        return new BigDecimal(n.toString());
      }
      if (v instanceof String s && !s.isBlank()) {
        return new BigDecimal(s.trim());
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  private static Object value(String field, ConditionFacts facts) {
    Device d = facts.event().device();
    switch (field) {
      case "organization":
        return facts.event().organization();
      case "classification":
        return facts.event().classification().name();
      case "device.name":
        return d.name();
      case "device.collectorGroup":
        return d.collectorGroup();
      case "device.address":
        return d.address();
      case "device.os":
        return d.os();
      case "history.previous":
        return facts.previous().<Object>map(Enum::name).orElse(MISSING);
      case "history.classifications":
        return facts.received().stream().map(Enum::name).toList();
      default:
        break;
    }
    if (field.startsWith("details.")) {
      return walk(facts.event().details(), field.substring("details.".length()));
    }
    return walk(d.attributes(), field.substring("device.attributes.".length()));
  }

  /** Follows a dotted path into JSON values; a number steps into a list. */
  private static Object walk(Map<String, Object> root, String path) {
    Object at = root;
    for (String step : path.split("\\.", -1)) {
      if (at instanceof Map<?, ?> m && m.containsKey(step)) {
        at = m.get(step);
      } else if (at instanceof List<?> l && index(step).filter(i -> i < l.size()).isPresent()) {
        at = l.get(index(step).get());
      } else {
        return MISSING;
      }
    }
    return at == null ? MISSING : at;
  }

  private static Optional<Integer> index(String step) {
    if (step.isEmpty() || step.length() > 9 || !step.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(step));
  }

  private static String plain(Number n) {
    return n instanceof BigDecimal b ? b.toPlainString() : n.toString();
  }

  private static String show(Object v) {
    if (v instanceof String s && s.length() > 80) {
      return ConditionChecks.show(s.substring(0, 80) + "…");
    }
    if (v instanceof List<?> l && l.size() > 10) {
      return "a list of " + l.size();
    }
    if (v instanceof Number n) {
      return plain(n);
    }
    return ConditionChecks.show(v);
  }
}
