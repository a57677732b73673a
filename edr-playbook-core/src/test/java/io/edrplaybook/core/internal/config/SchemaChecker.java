package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema (2020-12) checker for the subset of keywords the configuration schema uses. A
 * keyword outside the subset is refused, so the schema cannot use one that this checker would
 * silently ignore. Type-specific keywords apply only to values of their type, as the
 * specification says; patterns are searched, not matched whole (ECMA-262 semantics).
 */
final class SchemaChecker {
  static final Set<String> KEYWORDS = Set.of("$schema", "$id", "$defs", "$ref", "title", "description",
      "default", "type", "properties", "additionalProperties", "required", "items", "minItems",
      "uniqueItems", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
      "anyOf", "oneOf");

  private final JsonNode root;

  SchemaChecker(JsonNode root) {
    this.root = root;
    checkKeywords(root, "#");
  }

  /** Returns every problem of {@code value}, each as "path: what"; empty when it is valid. */
  List<String> check(JsonNode value) {
    List<String> out = new ArrayList<>();
    check(root, value, "", out);
    return out;
  }

  private void checkKeywords(JsonNode schema, String at) {
    if (schema.isBoolean()) {
      return;
    }
    if (!schema.isObject()) {
      throw new IllegalStateException(at + ": a schema must be an object or a boolean");
    }
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYWORDS.contains(k)) {
        throw new IllegalStateException(at + ": keyword \"" + k + "\" is not implemented by this checker");
      }
    }
    for (String map : List.of("$defs", "properties")) {
      if (schema.has(map)) {
        schema.get(map).properties().forEach(e -> checkKeywords(e.getValue(), at + "/" + map + "/" + e.getKey()));
      }
    }
    for (String one : List.of("items", "additionalProperties")) {
      if (schema.has(one)) {
        checkKeywords(schema.get(one), at + "/" + one);
      }
    }
    for (String list : List.of("anyOf", "oneOf")) {
      if (schema.has(list)) {
        for (int i = 0; i < schema.get(list).size(); i++) {
          checkKeywords(schema.get(list).get(i), at + "/" + list + "/" + i);
        }
      }
    }
  }

  private void check(JsonNode schema, JsonNode v, String path, List<String> out) {
    if (schema.isBoolean()) {
      if (!schema.booleanValue()) {
        out.add(where(path) + "is not allowed here");
      }
      return;
    }
    if (schema.has("$ref")) {
      check(resolve(schema.get("$ref").textValue()), v, path, out);
    }
    if (schema.has("type") && !hasType(schema.get("type"), v)) {
      out.add(where(path) + "must be of type " + schema.get("type") + ", was " + v);
      return;
    }
    if (schema.has("const") && !schema.get("const").equals(v)) {
      out.add(where(path) + "must be " + schema.get("const") + ", was " + v);
    }
    if (schema.has("enum") && !contains(schema.get("enum"), v)) {
      out.add(where(path) + "must be one of " + schema.get("enum") + ", was " + v);
    }
    if (v.isTextual()) {
      text(schema, v.textValue(), path, out);
    }
    if (v.isNumber()) {
      if (schema.has("minimum") && v.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
        out.add(where(path) + "must be at least " + schema.get("minimum") + ", was " + v);
      }
      if (schema.has("maximum") && v.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
        out.add(where(path) + "must be at most " + schema.get("maximum") + ", was " + v);
      }
    }
    if (v.isArray()) {
      array(schema, v, path, out);
    }
    if (v.isObject()) {
      object(schema, v, path, out);
    }
    if (schema.has("anyOf")) {
      List<String> all = new ArrayList<>();
      boolean any = false;
      for (JsonNode s : schema.get("anyOf")) {
        List<String> sub = new ArrayList<>();
        check(s, v, path, sub);
        any |= sub.isEmpty();
        all.addAll(sub);
      }
      if (!any) {
        out.add(where(path) + "matches none of its alternatives: " + all);
      }
    }
    if (schema.has("oneOf")) {
      int matches = 0;
      for (JsonNode s : schema.get("oneOf")) {
        List<String> sub = new ArrayList<>();
        check(s, v, path, sub);
        matches += sub.isEmpty() ? 1 : 0;
      }
      if (matches != 1) {
        out.add(where(path) + "must match exactly one of " + schema.get("oneOf") + ", matches " + matches);
      }
    }
  }

  private void text(JsonNode schema, String s, String path, List<String> out) {
    int length = s.codePointCount(0, s.length());
    if (schema.has("minLength") && length < schema.get("minLength").intValue()) {
      out.add(where(path) + "must have at least " + schema.get("minLength") + " characters");
    }
    if (schema.has("maxLength") && length > schema.get("maxLength").intValue()) {
      out.add(where(path) + "must have at most " + schema.get("maxLength") + " characters");
    }
    if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").textValue()).matcher(s).find()) {
      out.add(where(path) + "must match " + schema.get("pattern").textValue() + ", was \"" + s + "\"");
    }
  }

  private void array(JsonNode schema, JsonNode v, String path, List<String> out) {
    if (schema.has("minItems") && v.size() < schema.get("minItems").intValue()) {
      out.add(where(path) + "must have at least " + schema.get("minItems") + " items");
    }
    if (schema.path("uniqueItems").asBoolean(false)) {
      Set<JsonNode> seen = new HashSet<>();
      for (JsonNode item : v) {
        if (!seen.add(item)) {
          out.add(where(path) + "holds " + item + " twice");
        }
      }
    }
    if (schema.has("items")) {
      for (int i = 0; i < v.size(); i++) {
        check(schema.get("items"), v.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private void object(JsonNode schema, JsonNode v, String path, List<String> out) {
    if (schema.has("required")) {
      for (JsonNode r : schema.get("required")) {
        if (!v.has(r.textValue())) {
          out.add(where(join(path, r.textValue())) + "is required");
        }
      }
    }
    JsonNode properties = schema.path("properties");
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      String p = join(path, e.getKey());
      if (properties.has(e.getKey())) {
        check(properties.get(e.getKey()), e.getValue(), p, out);
      } else if (schema.has("additionalProperties")) {
        JsonNode extra = schema.get("additionalProperties");
        if (extra.isBoolean() && !extra.booleanValue()) {
          out.add(where(p) + "unknown key");
        } else {
          check(extra, e.getValue(), p, out);
        }
      }
    }
  }

  private JsonNode resolve(String ref) {
    if (!ref.startsWith("#/")) {
      throw new IllegalStateException("only local references are implemented, was " + ref);
    }
    JsonNode n = root.at(ref.substring(1));
    if (n.isMissingNode()) {
      throw new IllegalStateException("no " + ref + " in the schema");
    }
    return n;
  }

  private static boolean hasType(JsonNode type, JsonNode v) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (hasType(t, v)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.textValue()) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      case "number" -> v.isNumber();
      case "integer" -> v.isIntegralNumber()
          || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
      default -> throw new IllegalStateException("unknown type " + type);
    };
  }

  private static boolean contains(JsonNode list, JsonNode v) {
    for (JsonNode x : list) {
      if (x.equals(v)) {
        return true;
      }
    }
    return false;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String where(String path) {
    return (path.isEmpty() ? "(root)" : path) + ": ";
  }
}
