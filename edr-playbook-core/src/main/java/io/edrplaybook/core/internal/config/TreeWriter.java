package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.ApiKey;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Organization;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.api.UsernamePassword;
import io.edrplaybook.core.JournalSettings;
import io.edrplaybook.spi.RunnerSettings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Builds the tree of a configuration, in the shape docs/configuration.md describes. A secret is
 * written as the reference it was read from when that is known, else as {@value #MASK}; never in
 * clear. A script read from a file is written as that file, any other as inline {@code source}.
 */
public final class TreeWriter {
  /** What a secret without a known reference is written as. */
  public static final String MASK = "****";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper VALUES = new ObjectMapper();

  private final Map<String, String> templates;
  private final Set<String> secrets;
  private final Set<ActionScript> scriptsFromFiles;
  private final UnaryOperator<String> scriptPath;

  /**
   * Creates the writer.
   *
   * @param templates each value that held a secret reference → the text it was written as
   * @param secrets every secret value, masked wherever it appears
   * @param scriptsFromFiles the scripts to write as {@code file}
   * @param scriptPath maps a script's file as read to the path to write (e.g. relative to a new folder)
   */
  public TreeWriter(Map<String, String> templates, Set<String> secrets, Set<ActionScript> scriptsFromFiles,
      UnaryOperator<String> scriptPath) {
    this.templates = templates;
    this.secrets = secrets;
    this.scriptsFromFiles = scriptsFromFiles;
    this.scriptPath = scriptPath;
  }

  /** Returns the tree of {@code c} and the runner settings. */
  public ObjectNode write(Configuration c, Optional<String> defaultRunner, Map<String, RunnerSettings> runners) {
    return write(c, defaultRunner, runners, Optional.empty());
  }

  /** Returns the tree of {@code c}, the runner settings and the {@code journal} section. */
  public ObjectNode write(Configuration c, Optional<String> defaultRunner, Map<String, RunnerSettings> runners,
      Optional<JournalSettings> journal) {
    ObjectNode root = NODES.objectNode();
    ArrayNode orgs = root.putArray("organizations");
    for (Organization o : c.organizations()) {
      orgs.addObject().put("name", o.name());
    }
    ArrayNode jumpBoxes = root.putArray("jumpBoxes");
    for (JumpBox j : c.jumpBoxes()) {
      jumpBoxes.addObject().put("name", j.name()).put("organization", j.organization()).put("core", j.core());
    }
    ArrayNode actions = root.putArray("actions");
    for (int i = 0; i < c.actions().size(); i++) {
      actions.add(action(c.actions().get(i), "actions[" + i + "]"));
    }
    ArrayNode connectors = root.putArray("connectors");
    for (int i = 0; i < c.connectors().size(); i++) {
      connectors.add(connector(c.connectors().get(i), "connectors[" + i + "]"));
    }
    ArrayNode playbooks = root.putArray("playbooks");
    c.playbooks().forEach(p -> playbooks.add(playbook(p)));
    if (defaultRunner.isPresent() || !runners.isEmpty()) {
      ObjectNode r = root.putObject("runners");
      defaultRunner.ifPresent(d -> r.put("default", scalar("runners.default", d)));
      new TreeMap<>(runners).forEach((id, s) -> {
        ObjectNode settings = VALUES.valueToTree(s.values());
        s.values().forEach((k, v) -> {
          if (v instanceof String text) {
            settings.put(k, scalar("runners." + id + "." + k, text));
          }
        });
        r.set(id, settings);
      });
    }
    journal.ifPresent(j -> {
      ObjectNode n = root.putObject("journal");
      j.path().ifPresent(p -> n.put("path", scalar("journal.path", p.toString())));
      j.url().ifPresent(u -> n.put("url", templates.getOrDefault(u, u.replaceAll("(?i)password=[^&]*", "password=" + MASK))));
      j.user().ifPresent(u -> n.put("user", templates.getOrDefault(u, u)));
      j.password().ifPresent(p -> n.put("password", secret(p)));
      j.schema().ifPresent(s -> n.put("schema", scalar("journal.schema", s)));
      j.tablePrefix().ifPresent(t -> n.put("tablePrefix", scalar("journal.tablePrefix", t)));
    });
    return root;
  }

  private ObjectNode action(Action a, String path) {
    ObjectNode n = NODES.objectNode().put("organization", a.organization()).put("name", a.name());
    if (!a.description().isEmpty()) {
      n.put("description", scalar(path + ".description", a.description()));
    }
    ArrayNode scripts = n.putArray("scripts");
    for (int k = 0; k < a.scripts().size(); k++) {
      ActionScript s = a.scripts().get(k);
      String spath = path + ".scripts[" + k + "]";
      ObjectNode sn = scripts.addObject().put("name", s.name());
      if (scriptsFromFiles.contains(s)) {
        sn.put("file", scriptPath.apply(s.file()));
      } else {
        if (!s.file().equals(ActionParser.inlineFile(a.name(), s.name()))) {
          sn.put("file", s.file()); // beside source: the name shown in tracebacks, not read
        }
        sn.put("source", s.source());
      }
      s.runner().ifPresent(r -> sn.put("runner", scalar(spath + ".runner", r)));
    }
    a.timeout().ifPresent(t -> n.put("timeout", scalar(path + ".timeout", t.toString())));
    if (!a.retry().equals(RetryPolicy.NONE)) {
      var retry = n.putObject("retry").put("maxAttempts", a.retry().maxAttempts())
          .put("initialBackoff", a.retry().initialBackoff().toString())
          .put("maxBackoff", a.retry().maxBackoff().toString());
      if (!a.retry().transientErrors()) {
        retry.put("transientErrors", false);
      }
    }
    if (a.idempotent()) {
      n.put("idempotent", true);
    }
    return n;
  }

  private ObjectNode connector(Connector c, String path) {
    ObjectNode n = NODES.objectNode().put("organization", c.organization()).put("name", c.name())
        .put("type", c.type().name()).put("jumpBox", c.jumpBox()).put("host", scalar(path + ".host", c.host()));
    String port = templates.get(SecretText.scalarKey(path + ".port", String.valueOf(c.port())));
    if (port != null) {
      n.put("port", port);
    } else {
      n.put("port", c.port());
    }
    if (c.credentials() instanceof ApiKey k) {
      n.put("apiKey", secret(k.key()));
    } else if (c.credentials() instanceof UsernamePassword u) {
      n.putObject("credentials").put("username", text(u.username())).put("password", secret(u.password()));
    }
    if (!c.limits().equals(ConnectorLimits.NONE)) {
      n.putObject("limits").put("maxConcurrent", c.limits().maxConcurrent())
          .put("ratePerSecond", c.limits().ratePerSecond()).put("burst", c.limits().burst());
    }
    ArrayNode bindings = n.putArray("actions");
    for (ActionBinding b : c.bindings()) {
      ObjectNode bn = bindings.addObject().put("action", b.action());
      b.script().ifPresent(s -> bn.put("script", s));
      if (!b.params().isEmpty()) {
        bn.set("params", params(VALUES.valueToTree(b.params())));
      }
    }
    return n;
  }

  private ObjectNode playbook(Playbook p) {
    ObjectNode n = NODES.objectNode().put("organization", p.organization()).put("name", p.name())
        .put("default", p.isDefault());
    ArrayNode groups = n.putArray("collectorGroups");
    p.collectorGroups().forEach(groups::add);
    ArrayNode rules = n.putArray("rules");
    for (PlaybookRule r : p.rules()) {
      ObjectNode rn = rules.addObject().put("section", r.section().name()).put("action", r.action());
      ArrayNode cl = rn.putArray("classifications");
      r.classifications().stream().sorted().forEach(x -> cl.add(x.name()));
      if (r.connectors() instanceof ConnectorSelection.Named named) {
        ArrayNode names = rn.putArray("connectors");
        named.connectors().forEach(names::add);
      } else {
        rn.put("connectors", "ALL");
      }
      r.condition().ifPresent(cond -> rn.set("when", ConditionTrees.write(cond)));
      r.approval().ifPresent(a -> {
        ObjectNode an = rn.putObject("approval").put("required", true).put("window", a.window().toString())
            .put("onExpiry", a.onExpiry().name().toLowerCase(java.util.Locale.ROOT));
        if (!a.classifications().isEmpty()) {
          ArrayNode cells = an.putArray("classifications");
          a.classifications().stream().sorted().forEach(x -> cells.add(x.name()));
        }
      });
      r.undo().ifPresent(u -> {
        ObjectNode un = rn.putObject("undo");
        u.after().ifPresent(d -> un.put("after", d.toString()));
        if (!u.onReclassifiedTo().isEmpty()) {
          ArrayNode to = un.putArray("onReclassifiedTo");
          u.onReclassifiedTo().stream().sorted().forEach(x -> to.add(x.name()));
        }
      });
    }
    return n;
  }

  /** A value that is not a secret: the reference it was written as at {@code path}, else itself. */
  private String scalar(String path, String value) {
    return templates.getOrDefault(SecretText.scalarKey(path, value), value);
  }

  /** A secret: its reference when known, else masked. */
  private String secret(String value) {
    String t = templates.get(value);
    return t != null ? t : MASK;
  }

  /** A text that may hold secrets: its reference when known, masked when it holds a secret. */
  private String text(String value) {
    String t = templates.get(value);
    if (t != null) {
      return t;
    }
    for (String s : secrets) {
      if (!s.isEmpty() && value.contains(s)) {
        return MASK;
      }
    }
    return value;
  }

  private JsonNode params(JsonNode node) {
    if (node.isTextual()) {
      return NODES.textNode(text(node.textValue()));
    }
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      node.properties().forEach(e -> out.set(e.getKey(), params(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(x -> out.add(params(x)));
      return out;
    }
    return node;
  }
}
