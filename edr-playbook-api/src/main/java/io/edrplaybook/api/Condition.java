package io.edrplaybook.api;

import io.edrplaybook.api.internal.ConditionChecks;
import java.util.List;
import java.util.Objects;

/**
 * A test on a security event that a {@link PlaybookRule playbook row} may carry: the row runs only
 * when its condition holds. Data, not code: a tree of {@link AllOf all}, {@link AnyOf any},
 * {@link Not not} and {@link FieldTest field tests}; no script, no expression language. Every
 * part is checked when it is built (unknown field, bad operand, bad regular expression), so a
 * condition that exists can always be evaluated; evaluating it never throws.
 *
 * <p>Fields a test may read (see {@code docs/conditions.md}):
 * <ul>
 *   <li>{@code organization}, {@code classification} (the event's current one);</li>
 *   <li>{@code device.name}, {@code device.collectorGroup}, {@code device.address}, {@code device.os},
 *       and {@code device.attributes.<path>};</li>
 *   <li>{@code details.<path>}: a dotted path into the event's details (a number steps into a list);</li>
 *   <li>{@code history.previous}: the classification before the current one (missing for an event
 *       classified once); {@code history.classifications}: every classification the event has
 *       received, the current one included.</li>
 * </ul>
 * A field that is missing makes every test on it false except {@code exists: false}.
 */
public sealed interface Condition permits Condition.AllOf, Condition.AnyOf, Condition.Not, Condition.FieldTest {

  /** Returns the condition as one line, e.g. {@code all(details.rule equals "Ransomware", not(device.os in ["linux"]))}. */
  String text();

  /** A condition that holds when every one of {@code conditions} holds. */
  static Condition all(Condition... conditions) {
    return new AllOf(List.of(conditions));
  }

  /** A condition that holds when at least one of {@code conditions} holds. */
  static Condition any(Condition... conditions) {
    return new AnyOf(List.of(conditions));
  }

  /** A condition that holds when {@code condition} does not. */
  static Condition not(Condition condition) {
    return new Not(condition);
  }

  /** A test of {@code field} with {@code operator} and {@code operand}. */
  static Condition test(String field, ConditionOperator operator, Object operand) {
    return new FieldTest(field, operator, operand);
  }

  /** {@code field} equals {@code value}. */
  static Condition equals(String field, Object value) {
    return new FieldTest(field, ConditionOperator.EQUALS, value);
  }

  /** {@code field} equals one of {@code values}. */
  static Condition in(String field, Object... values) {
    return new FieldTest(field, ConditionOperator.IN, List.of(values));
  }

  /** {@code field} is a text in which the regular expression {@code regex} finds a match. */
  static Condition matches(String field, String regex) {
    return new FieldTest(field, ConditionOperator.MATCHES, regex);
  }

  /**
   * Every one of {@code conditions} holds.
   *
   * @param conditions at least one
   */
  record AllOf(List<Condition> conditions) implements Condition {
    /** Validates and copies. */
    public AllOf {
      conditions = ConditionChecks.parts("all", conditions);
    }

    @Override
    public String text() {
      return "all(" + String.join(", ", conditions.stream().map(Condition::text).toList()) + ")";
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /**
   * At least one of {@code conditions} holds.
   *
   * @param conditions at least one
   */
  record AnyOf(List<Condition> conditions) implements Condition {
    /** Validates and copies. */
    public AnyOf {
      conditions = ConditionChecks.parts("any", conditions);
    }

    @Override
    public String text() {
      return "any(" + String.join(", ", conditions.stream().map(Condition::text).toList()) + ")";
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /**
   * {@code condition} does not hold.
   *
   * @param condition the negated condition
   */
  record Not(Condition condition) implements Condition {
    /** Validates. */
    public Not {
      if (condition == null) {
        throw new ConfigurationException("not", "is required: the condition to negate");
      }
    }

    @Override
    public String text() {
      return "not(" + condition.text() + ")";
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /**
   * A test of one field of the event.
   *
   * @param field the field, e.g. {@code details.rule} or {@code device.os}
   * @param operator how it is compared
   * @param operand what it is compared with: a string, number or boolean; a list of them for
   *     {@link ConditionOperator#IN}; a regular expression for {@link ConditionOperator#MATCHES};
   *     a boolean for {@link ConditionOperator#EXISTS}. Numbers are kept as {@link java.math.BigDecimal},
   *     classifications (for the classification fields) as their constant name.
   * @throws ConfigurationException listing every problem: unknown field, operand of the wrong
   *     type for the operator or the field, bad regular expression
   */
  record FieldTest(String field, ConditionOperator operator, Object operand) implements Condition {
    /** Validates and normalizes the operand. */
    public FieldTest {
      operand = ConditionChecks.check(field, operator, operand);
      Objects.requireNonNull(operand, "operand");
    }

    @Override
    public String text() {
      return field + " " + operator.key() + " " + ConditionChecks.show(operand);
    }

    @Override
    public String toString() {
      return text();
    }
  }
}
