package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ApiKey;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.ConnectorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads connectors: address, authentication (secrets resolved) and action bindings. */
final class ConnectorParser {
  private ConnectorParser() {}

  static void connector(ParseContext ctx, JsonNode node, String path, Configuration.Builder out) {
    Fields f = Fields.of(ctx, node, path, Keys.CONNECTOR);
    if (f == null) {
      return;
    }
    String organization = f.text("organization", true);
    String name = f.text("name", true);
    ConnectorType type = type(ctx, f);
    String jumpBox = f.text("jumpBox", true);
    String host = f.textOrReference("host", true);
    Integer port = f.integer("port", true);
    Connector.Builder b = Connector.builder().organization(organization).name(name)
        .type(type == null ? ConnectorType.CUSTOM : type).jumpBox(jumpBox)
        .host(f.failed("host") ? Placeholders.HOST : host)
        .port(port == null ? 1 : port);
    auth(f, b);
    b.limits(limits(ctx, f));
    List<ActionBinding> bindings = new ArrayList<>();
    ArrayNode list = f.list("actions", false);
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        bindings.add(binding(ctx, list.get(i), f.path("actions") + "[" + i + "]"));
      }
    }
    bindings.forEach(b::bind);
    try {
      Connector c = b.build();
      if (!ctx.anyFailedUnder(path)) {
        out.connector(c, path);
        return;
      }
    } catch (ConfigurationException e) {
      ctx.absorb(path, e);
    }
    standIn(ctx, f, organization, name, jumpBox, bindings, out);
  }

  /** Adds a stand-in keeping the names and bindings other objects refer to, when known. */
  private static void standIn(ParseContext ctx, Fields f, String organization, String name,
      String jumpBox, List<ActionBinding> bindings, Configuration.Builder out) {
    if (organization == null || name == null || f.failed("organization") || f.failed("name")) {
      return;
    }
    List<ActionBinding> standIns = new ArrayList<>();
    for (int i = 0; i < bindings.size(); i++) {
      String bpath = f.path("actions") + "[" + i + "]";
      ActionBinding real = bindings.get(i);
      String action = ctx.isFailed(bpath + ".action") ? Placeholders.name(bpath) : real.action();
      Optional<String> script = ctx.isFailed(bpath + ".script") ? Optional.empty() : real.script();
      standIns.add(new ActionBinding(action, script, Map.of()));
    }
    try {
      Connector.Builder b = Connector.builder().organization(organization).name(name)
          .jumpBox(Placeholders.orName(jumpBox, f.failed("jumpBox"), f.path("jumpBox")))
          .host(Placeholders.HOST).port(1).apiKey(Placeholders.SECRET);
      standIns.forEach(b::bind);
      out.connector(b.build(), f.path());
    } catch (ConfigurationException e) {
      // its problems are already listed
    }
  }

  /** Reads {@code limits}; a rate without a burst may start as many runs at once as it allows a second. */
  private static ConnectorLimits limits(ParseContext ctx, Fields f) {
    JsonNode node = f.get("limits");
    if (node == null) {
      return ConnectorLimits.NONE;
    }
    Fields l = Fields.of(ctx, node, f.path("limits"), Keys.LIMITS);
    if (l == null) {
      return ConnectorLimits.NONE;
    }
    Integer concurrent = l.integer("maxConcurrent", false, 0, Ranges.LIMIT_MAX);
    Double rate = l.number("ratePerSecond");
    if (rate != null && rate != 0 && !(rate >= Ranges.RATE_MIN && rate <= Ranges.RATE_MAX)) {
      ctx.add(l.path("ratePerSecond"), "must be 0 (no limit) or between " + Ranges.RATE_MIN + " and "
          + (long) Ranges.RATE_MAX + ", was " + l.was("ratePerSecond"));
      rate = null;
    }
    Integer burst = l.integer("burst", false, 0, Ranges.LIMIT_MAX);
    // a field that failed counts as "no limit", so the others are still checked
    double r = rate == null ? 0 : rate;
    int defaultBurst = r > 0 ? (int) Math.max(1, Math.ceil(r)) : 0;
    try {
      return new ConnectorLimits(concurrent == null ? 0 : concurrent, r, burst == null ? defaultBurst : burst);
    } catch (ConfigurationException e) {
      ctx.absorb(f.path(), e);
      return ConnectorLimits.NONE;
    }
  }

  private static ConnectorType type(ParseContext ctx, Fields f) {
    String text = f.text("type", false);
    if (text == null) {
      return null;
    }
    try {
      return ConnectorType.of(text);
    } catch (ConfigurationException e) {
      ctx.absorb(f.path(), e);
      return null;
    }
  }

  /** Sets the authentication, a stand-in for any secret that could not be read or resolved. */
  private static void auth(Fields f, Connector.Builder b) {
    if (f.has("apiKey")) {
      String key = f.secret("apiKey", false);
      b.apiKey(key == null ? Placeholders.SECRET : key);
    }
    JsonNode node = f.get("credentials");
    if (node == null) {
      return;
    }
    Fields c = Fields.of(f.context(), node, f.path("credentials"), Keys.CREDENTIALS);
    if (c == null) {
      b.credentials(Placeholders.SECRET, Placeholders.SECRET);
      return;
    }
    String username = c.secret("username", false);
    String password = c.secret("password", false);
    b.credentials(username == null && c.failed("username") ? Placeholders.SECRET : username,
        password == null && c.failed("password") ? Placeholders.SECRET : password);
  }

  /** Reads a binding; on a problem returns a stand-in so that positions stay right. */
  @SuppressWarnings("unchecked")
  private static ActionBinding binding(ParseContext ctx, JsonNode node, String path) {
    Fields f = Fields.of(ctx, node, path, Keys.BINDING);
    if (f == null) {
      return ActionBinding.of(Placeholders.name(path));
    }
    String action = f.text("action", true);
    String script = f.text("script", false);
    Map<String, Object> params = Map.of();
    JsonNode p = f.get("params");
    if (p != null && !p.isObject()) {
      ctx.add(f.path("params"), "must be an object, was " + Values.kind(p));
    } else if (p != null) {
      params = (Map<String, Object>) JsonTrees.toJava(p, ctx, f.path("params"));
    }
    try {
      return new ActionBinding(action == null ? Placeholders.name(path) : action,
          Optional.ofNullable(script), ctx.anyFailedUnder(f.path("params")) ? Map.of() : params);
    } catch (ConfigurationException e) {
      ctx.absorb(path, e);
      return ActionBinding.of(Placeholders.name(path));
    }
  }
}
