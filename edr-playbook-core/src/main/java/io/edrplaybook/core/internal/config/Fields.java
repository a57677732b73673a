package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the fields of one JSON object by hand, recording a precise problem (path, expected type,
 * bad value) for each that is missing or of the wrong type. A getter returns null when the field
 * is absent or bad; {@link #failed(String)} tells the two apart. Numbers, booleans, durations
 * and {@link #textOrReference texts that are not names} may be written as references
 * ({@code "port": "${env:PORT}"}), resolved as values that are not secrets and converted after.
 */
final class Fields {
  private final ParseContext ctx;
  private final ObjectNode node;
  private final String path;
  private final java.util.Map<String, JsonNode> resolved = new java.util.HashMap<>();
  private final java.util.Map<String, String> references = new java.util.HashMap<>();

  private Fields(ParseContext ctx, ObjectNode node, String path) {
    this.ctx = ctx;
    this.node = node;
    this.path = path;
  }

  /**
   * Returns the reader of {@code node}, having reported its unknown keys; null (with a problem)
   * when it is not an object.
   */
  static Fields of(ParseContext ctx, JsonNode node, String path, List<String> allowed) {
    if (node == null || !node.isObject()) {
      ctx.add(path, "must be an object, was " + Values.show(node));
      return null;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        ctx.add(ParseContext.join(path, key), Keys.unknown(key, allowed));
      }
    }
    return new Fields(ctx, (ObjectNode) node, path);
  }

  String path() {
    return path;
  }

  String path(String key) {
    return ParseContext.join(path, key);
  }

  ParseContext context() {
    return ctx;
  }

  /** Returns the value, or null when absent or JSON null. */
  JsonNode get(String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String key) {
    return get(key) != null;
  }

  /** Returns whether a problem was recorded for {@code key} or anything under it. */
  boolean failed(String key) {
    return ctx.anyFailedUnder(path(key));
  }

  String text(String key, boolean required) {
    JsonNode v = get(key);
    if (v == null) {
      return missing(key, required);
    }
    if (!v.isTextual()) {
      ctx.add(path(key), "must be a string, was " + Values.show(v));
      return null;
    }
    return v.textValue();
  }

  /**
   * Returns a text that may hold secret references, resolved. Its value is never quoted in a
   * message: a literal secret of the wrong type is described by its type only.
   */
  String secret(String key, boolean required) {
    JsonNode v = get(key);
    if (v == null) {
      return missing(key, required);
    }
    if (!v.isTextual()) {
      ctx.add(path(key), "must be a string, was " + Values.kind(v));
      return null;
    }
    String value = ctx.secrets().resolve(ctx, path(key), v.textValue()).orElse(null);
    if (value != null) {
      ctx.secretAt(path(key), value);
    }
    return value;
  }

  /**
   * Returns a text that is not a secret (a host), a reference in it ({@code ${env:HOST}})
   * resolved; null when absent, of the wrong type or not resolved (with a problem).
   */
  String textOrReference(String key, boolean required) {
    JsonNode v = scalar(key);
    if (v != null && v.isMissingNode()) {
      return null;
    }
    if (v != null && references.containsKey(key)) {
      return v.asText();
    }
    return text(key, required);
  }

  Integer integer(String key, boolean required) {
    JsonNode v = scalar(key);
    if (v == null) {
      missing(key, required);
      return null;
    }
    if (v.isMissingNode()) {
      return null;
    }
    if (!v.isIntegralNumber()) {
      ctx.add(path(key), "must be an integer, was " + was(key, v));
      return null;
    }
    if (!v.canConvertToInt()) {
      ctx.add(path(key), "must be an integer between " + Integer.MIN_VALUE + " and "
          + Integer.MAX_VALUE + ", was " + was(key, v));
      return null;
    }
    return v.intValue();
  }

  Double number(String key) {
    JsonNode v = scalar(key);
    if (v == null || v.isMissingNode()) {
      return null;
    }
    if (!v.isNumber()) {
      ctx.add(path(key), "must be a number, was " + was(key, v));
      return null;
    }
    return v.doubleValue();
  }

  Boolean bool(String key) {
    JsonNode v = scalar(key);
    if (v == null || v.isMissingNode()) {
      return null;
    }
    if (!v.isBoolean()) {
      ctx.add(path(key), "must be true or false, was " + was(key, v));
      return null;
    }
    return v.booleanValue();
  }

  Duration duration(String key) {
    String text = textOrReference(key, false);
    if (text == null) {
      return null;
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      ctx.add(path(key), "must be an ISO-8601 duration such as \"PT30S\", was \"" + text + "\"" + from(key));
      return null;
    }
  }

  /** Returns a duration between {@code min} and {@code max}; null with a problem when out of range. */
  Duration duration(String key, Duration min, Duration max) {
    Duration d = duration(key);
    if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
      ctx.add(path(key), "must be between " + min + " and " + max + ", was \"" + scalar(key).asText() + "\"" + from(key));
      return null;
    }
    return d;
  }

  /** Returns an integer between {@code min} and {@code max}; null with a problem when out of range. */
  Integer integer(String key, boolean required, int min, int max) {
    JsonNode n = scalar(key);
    if (n != null && n.isIntegralNumber() && !n.canConvertToInt()) {
      ctx.add(path(key), "must be an integer between " + min + " and " + max + ", was " + was(key, n));
      return null;
    }
    Integer v = integer(key, required);
    if (v != null && (v < min || v > max)) {
      ctx.add(path(key), "must be between " + min + " and " + max + ", was " + v + from(key));
      return null;
    }
    return v;
  }

  /**
   * Returns the value of {@code key}; a text holding a reference ({@code ${env:PORT}}) resolved,
   * as a value that is not a secret, and read as the JSON scalar it spells (a number, true or
   * false, else a text). A {@link MissingNode} when the reference could not be resolved (the
   * problem recorded); null when absent. Resolved once per key.
   */
  private JsonNode scalar(String key) {
    JsonNode v = get(key);
    if (v == null || !v.isTextual() || !SecretText.hasReference(v.textValue())) {
      return v;
    }
    JsonNode done = resolved.get(key);
    if (done != null) {
      return done;
    }
    references.put(key, v.textValue());
    JsonNode out = ctx.secrets().resolve(ctx, path(key), v.textValue(), false)
        .map(Fields::spelled).orElse(MissingNode.getInstance());
    resolved.put(key, out);
    return out;
  }

  private static JsonNode spelled(String text) {
    String t = text.trim();
    if (t.matches("[-+]?[0-9]+")) {
      return JsonNodeFactory.instance.numberNode(new java.math.BigInteger(t));
    }
    if (t.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
      return JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(t));
    }
    if (t.equals("true") || t.equals("false")) {
      return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(t));
    }
    return JsonNodeFactory.instance.textNode(text);
  }

  /** The value of {@code key} for a message (after resolution), and the reference it came from. */
  String was(String key) {
    JsonNode v = scalar(key);
    return v == null ? "nothing" : was(key, v);
  }

  /** The text holding a reference that {@code key} was written as; null when it held none. */
  String reference(String key) {
    scalar(key);
    return references.get(key);
  }

  /** The bad value for a message, and the reference it came from. */
  private String was(String key, JsonNode v) {
    return (references.containsKey(key) ? "\"" + v.asText() + "\"" : Values.show(v)) + from(key);
  }

  private String from(String key) {
    String ref = references.get(key);
    return ref == null ? "" : " (from " + ref + ")";
  }

  ArrayNode list(String key, boolean required) {
    JsonNode v = get(key);
    if (v == null) {
      missing(key, required);
      return null;
    }
    if (!v.isArray()) {
      ctx.add(path(key), "must be a list, was " + Values.show(v));
      return null;
    }
    return (ArrayNode) v;
  }

  private String missing(String key, boolean required) {
    if (required) {
      ctx.add(path(key), "is required");
    }
    return null;
  }
}
