package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders a bad value for a message, short. */
final class Values {
  private static final int MAX = 80;

  private Values() {}

  /** The value as written: strings quoted, objects and lists by kind, long text cut. */
  static String show(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isTextual()) {
      String t = v.textValue();
      return "\"" + (t.length() > MAX ? t.substring(0, MAX) + "…" : t) + "\"";
    }
    if (v.isContainerNode()) {
      return kind(v);
    }
    return v.toString();
  }

  /** The kind of the value only: for fields that may hold a secret. */
  static String kind(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    return switch (v.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
