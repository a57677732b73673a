package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Condition;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.PlaybookSection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads playbooks and their rows. */
final class PlaybookParser {
  private PlaybookParser() {}

  static void playbook(ParseContext ctx, JsonNode node, String path, Configuration.Builder out) {
    Fields f = Fields.of(ctx, node, path, Keys.PLAYBOOK);
    if (f == null) {
      return;
    }
    String organization = f.text("organization", true);
    String name = f.text("name", true);
    Boolean isDefault = f.bool("default");
    Set<String> groups = new LinkedHashSet<>();
    ArrayNode groupList = f.list("collectorGroups", false);
    if (groupList != null) {
      for (int i = 0; i < groupList.size(); i++) {
        JsonNode g = groupList.get(i);
        if (g.isTextual() && !g.textValue().isBlank()) {
          groups.add(g.textValue());
        } else {
          ctx.add(f.path("collectorGroups") + "[" + i + "]",
              "must be a collector group's name, was " + Values.show(g));
        }
      }
    }
    List<PlaybookRule> rules = new ArrayList<>();
    ArrayNode ruleList = f.list("rules", false);
    if (ruleList != null) {
      for (int i = 0; i < ruleList.size(); i++) {
        rules.add(rule(ctx, ruleList.get(i), f.path("rules") + "[" + i + "]"));
      }
    }
    try {
      Playbook.Builder pbb = Playbook.builder().organization(organization).name(name)
          .isDefault(isDefault != null && isDefault).collectorGroups(groups.toArray(String[]::new));
      rules.forEach(pbb::rule);
      Playbook pb = pbb.build();
      if (!ctx.anyFailedUnder(path)) {
        out.playbook(pb, path);
        return;
      }
    } catch (ConfigurationException e) {
      ctx.absorb(path, e);
    }
    if (organization == null || name == null || f.failed("organization") || f.failed("name")) {
      return;
    }
    // a stand-in so that its other rows are checked against actions and connectors too
    List<PlaybookRule> standIns = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String rpath = f.path("rules") + "[" + i + "]";
      PlaybookRule r = rules.get(i);
      standIns.add(ctx.isFailed(rpath + ".action") ? PlaybookRule.unselected(Placeholders.name(rpath))
          : new PlaybookRule(r.section(), r.action(), r.classifications(),
              ctx.isFailed(rpath + ".connectors") ? ConnectorSelection.all() : r.connectors(), r.condition(),
              r.approval(), r.undo()));
    }
    try {
      Playbook.Builder pbb = Playbook.builder().organization(organization).name(name)
          .isDefault(isDefault != null && isDefault)
          .collectorGroups(f.failed("collectorGroups") ? new String[0] : groups.toArray(String[]::new));
      standIns.forEach(pbb::rule);
      out.playbook(pbb.build(), path);
    } catch (ConfigurationException e) {
      // its problems are already listed
    }
  }

  /** Reads a row; on a problem returns a stand-in so that positions stay right. */
  private static PlaybookRule rule(ParseContext ctx, JsonNode node, String path) {
    Fields f = Fields.of(ctx, node, path, Keys.RULE);
    if (f == null) {
      return PlaybookRule.unselected(Placeholders.name(path));
    }
    PlaybookSection section = section(f);
    String action = f.text("action", true);
    Set<Classification> classifications = new LinkedHashSet<>();
    ArrayNode list = f.list("classifications", false);
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        String cpath = f.path("classifications") + "[" + i + "]";
        JsonNode c = list.get(i);
        if (!c.isTextual()) {
          ctx.add(cpath, "must be a classification's name, was " + Values.show(c));
          continue;
        }
        try {
          classifications.add(Classification.parse(c.textValue()));
        } catch (IllegalArgumentException e) {
          ctx.add(cpath, e.getMessage());
        }
      }
    }
    ConnectorSelection connectors = connectors(ctx, f);
    Optional<Condition> when = f.has("when")
        ? Optional.ofNullable(ConditionTrees.read(ctx, f.get("when"), f.path("when"))) : Optional.empty();
    return new PlaybookRule(section == null ? PlaybookSection.CUSTOM : section,
        action == null ? Placeholders.name(path) : action, classifications,
        connectors == null ? ConnectorSelection.all() : connectors, when,
        RuleGateParser.approval(ctx, f, classifications), RuleGateParser.undo(ctx, f));
  }

  private static PlaybookSection section(Fields f) {
    String text = f.text("section", true);
    if (text == null) {
      return null;
    }
    try {
      return PlaybookSection.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      f.context().add(f.path("section"), "must be one of " + Arrays.stream(PlaybookSection.values())
          .map(Enum::name).collect(Collectors.joining(", ")) + ", was \"" + text + "\"");
      return null;
    }
  }

  private static ConnectorSelection connectors(ParseContext ctx, Fields f) {
    JsonNode node = f.get("connectors");
    String path = f.path("connectors");
    if (node == null) {
      ctx.add(path, "is required: \"ALL\" or a list of connector names");
      return null;
    }
    if (node.isTextual()) {
      if (node.textValue().trim().equalsIgnoreCase("ALL")) {
        return ConnectorSelection.all();
      }
      ctx.add(path, "must be \"ALL\" or a list of connector names, was " + Values.show(node));
      return null;
    }
    if (!node.isArray()) {
      ctx.add(path, "must be \"ALL\" or a list of connector names, was " + Values.show(node));
      return null;
    }
    List<String> names = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode n = node.get(i);
      if (n.isTextual() && !n.textValue().isBlank()) {
        names.add(n.textValue());
      } else {
        ctx.add(path + "[" + i + "]", "must be a connector's name, was " + Values.show(n));
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    try {
      return ConnectorSelection.of(names);
    } catch (ConfigurationException e) {
      ctx.absorb(f.path(), e);
      return null;
    }
  }
}
