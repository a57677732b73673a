package io.edrplaybook.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link Condition.Test} compares a field of the event with its operand. Each operator is
 * written in a configuration by its {@link #key()}: {@code { field: device.os, in: [windows, linux] }}.
 *
 * <p>Every operator but {@link #EXISTS} is false when the field is missing.
 */
public enum ConditionOperator {
  /** The value equals the operand (a string, a number or a boolean); numbers compare by value. */
  EQUALS("equals"),
  /** The value equals one of the operand's values (a non-empty list of strings, numbers or booleans). */
  IN("in"),
  /** The value is a number (or a text holding one) greater than the operand. */
  GT("gt"),
  /** The value is a number (or a text holding one) greater than or equal to the operand. */
  GTE("gte"),
  /** The value is a number (or a text holding one) less than the operand. */
  LT("lt"),
  /** The value is a number (or a text holding one) less than or equal to the operand. */
  LTE("lte"),
  /**
   * The value is a text (or a number, by its text) in which the operand, a Java regular expression,
   * finds a match anywhere; anchor it with {@code ^...$} to match the whole value.
   */
  MATCHES("matches"),
  /** The value is a list holding the operand, or a text holding the operand as a substring. */
  CONTAINS("contains"),
  /** The field is present (operand {@code true}) or missing (operand {@code false}). */
  EXISTS("exists");

  private final String key;

  ConditionOperator(String key) {
    this.key = key;
  }

  /** Returns the key it is written as, e.g. {@code gte}. */
  public String key() {
    return key;
  }

  /** Returns whether it compares numbers. */
  public boolean isNumeric() {
    return this == GT || this == GTE || this == LT || this == LTE;
  }

  /** Returns the operator written as {@code key} (exact, lower case), if any. */
  public static Optional<ConditionOperator> byKey(String key) {
    return Arrays.stream(values()).filter(o -> o.key.equals(key)).findFirst();
  }

  /** Returns every key, in declaration order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(ConditionOperator::key).toList();
  }
}
