package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns Jackson trees into plain JSON-like Java values (maps, lists, strings, numbers, booleans). */
final class JsonTrees {
  private JsonTrees() {}

  /**
   * Returns {@code node} as a Java value. When {@code ctx} is not null, secret references in
   * strings are resolved (problems recorded at their path); a string whose reference failed
   * becomes null.
   */
  static Object toJava(JsonNode node, ParseContext ctx, String path) {
    return toJava(node, ctx, path, true);
  }

  /** As {@link #toJava(JsonNode, ParseContext, String)}; references resolve as secrets only when {@code secret}. */
  static Object toJava(JsonNode node, ParseContext ctx, String path, boolean secret) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.put(e.getKey(), toJava(e.getValue(), ctx, ParseContext.join(path, e.getKey()), secret));
      }
      return Collections.unmodifiableMap(out);
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      for (int i = 0; i < node.size(); i++) {
        out.add(toJava(node.get(i), ctx, path + "[" + i + "]", secret));
      }
      return Collections.unmodifiableList(out);
    }
    if (node.isTextual()) {
      String t = node.textValue();
      return ctx == null ? t : ctx.secrets().resolve(ctx, path, t, secret).orElse(null);
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    return node.asText();
  }
}
