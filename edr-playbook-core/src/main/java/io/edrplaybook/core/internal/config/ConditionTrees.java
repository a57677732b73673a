package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edrplaybook.api.Condition;
import io.edrplaybook.api.ConditionOperator;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.internal.Suggestions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row's condition as written in a configuration ({@code when:}), read and written:
 * {@code { all: [c, ...] }}, {@code { any: [c, ...] }}, {@code { not: c }} or
 * {@code { field: details.rule, equals: Ransomware }} with exactly one operator key.
 */
final class ConditionTrees {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> SHAPES = List.of("all", "any", "not", "field");
  private static final String FORMS = "{ all: [...] }, { any: [...] }, { not: {...} } or { field: <field>,"
      + " <operator>: <operand> }";

  private ConditionTrees() {}

  /** Reads the condition at {@code path}; null (with every problem recorded) when it is bad. */
  static Condition read(ParseContext ctx, JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      ctx.add(path, "must be a condition, " + FORMS + ", was " + Values.show(node));
      return null;
    }
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    if (node.has("field")) {
      return test(ctx, node, path, keys);
    }
    List<String> shapes = keys.stream().filter(SHAPES::contains).toList();
    if (shapes.size() != 1 || keys.size() != 1) {
      if (shapes.size() == 1) {
        keys.stream().filter(k -> !k.equals(shapes.get(0))).forEach(k -> ctx.add(ParseContext.join(path, k),
            "unknown key beside \"" + shapes.get(0) + "\"; combine tests with all, any or not"));
      } else if (shapes.isEmpty() && keys.size() == 1) {
        String k = keys.get(0);
        ctx.add(ParseContext.join(path, k), "unknown key, " + Suggestions.hint(k, SHAPES, "condition keys")
            + " A condition is " + FORMS);
        return null;
      } else {
        ctx.add(path, "must be exactly one of " + FORMS + ", had keys " + keys);
        return null;
      }
    }
    String shape = shapes.get(0);
    JsonNode value = node.get(shape);
    String at = ParseContext.join(path, shape);
    if (shape.equals("not")) {
      Condition inner = read(ctx, value, at);
      return inner == null ? null : Condition.not(inner);
    }
    if (value == null || !value.isArray() || value.isEmpty()) {
      ctx.add(at, "must be a list of at least one condition, was " + Values.show(value));
      return null;
    }
    List<Condition> parts = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < value.size(); i++) {
      Condition c = read(ctx, value.get(i), at + "[" + i + "]");
      ok &= c != null;
      parts.add(c);
    }
    if (!ok || ctx.anyFailedUnder(path)) {
      return null;
    }
    return shape.equals("all") ? new Condition.AllOf(parts) : new Condition.AnyOf(parts);
  }

  private static Condition test(ParseContext ctx, JsonNode node, String path, List<String> keys) {
    JsonNode field = node.get("field");
    if (!field.isTextual()) {
      ctx.add(ParseContext.join(path, "field"), "must be a field's name, e.g. details.rule, was " + Values.show(field));
    }
    List<String> operators = new ArrayList<>();
    for (String k : keys) {
      if (k.equals("field")) {
        continue;
      }
      if (ConditionOperator.byKey(k).isPresent()) {
        operators.add(k);
      } else {
        ctx.add(ParseContext.join(path, k), "unknown operator \"" + k + "\", "
            + Suggestions.hint(k, ConditionOperator.keys(), "operators") + (SHAPES.contains(k)
            ? " (\"" + k + "\" combines conditions: write it as a condition of its own)" : ""));
      }
    }
    if (operators.isEmpty() && !ctx.anyFailedUnder(path)) {
      ctx.add(path, "needs one operator beside \"field\": one of " + ConditionOperator.keys());
    } else if (operators.size() > 1) {
      ctx.add(path, "has several operators " + operators + "; write one test per operator and combine them"
          + " with all");
    }
    if (ctx.anyFailedUnder(path)) {
      return null;
    }
    ConditionOperator op = ConditionOperator.byKey(operators.get(0)).orElseThrow();
    try {
      return Condition.test(field.textValue(), op, operand(node.get(op.key())));
    } catch (ConfigurationException e) {
      ctx.absorb(path, e);
      return null;
    }
  }

  /** A JSON value as the operand of a test: numbers as {@link BigDecimal}. */
  private static Object operand(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      v.forEach(x -> out.add(operand(x)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), operand(e.getValue()));
    }
    return out;
  }

  /** Writes {@code c} in the form {@link #read} reads. */
  static ObjectNode write(Condition c) {
    ObjectNode n = NODES.objectNode();
    if (c instanceof Condition.AllOf all) {
      ArrayNode parts = n.putArray("all");
      all.conditions().forEach(x -> parts.add(write(x)));
    } else if (c instanceof Condition.AnyOf any) {
      ArrayNode parts = n.putArray("any");
      any.conditions().forEach(x -> parts.add(write(x)));
    } else if (c instanceof Condition.Not not) {
      n.set("not", write(not.condition()));
    } else {
      Condition.FieldTest t = (Condition.FieldTest) c;
      n.put("field", t.field());
      n.set(t.operator().key(), value(t.operand()));
    }
    return n;
  }

  private static JsonNode value(Object v) {
    if (v instanceof String s) {
      return NODES.textNode(s);
    }
    if (v instanceof BigDecimal b) {
      return NODES.numberNode(b);
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    ArrayNode list = NODES.arrayNode();
    ((List<?>) v).forEach(x -> list.add(value(x)));
    return list;
  }
}
