package io.edrplaybook.core.internal.config;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Organization;
import io.edrplaybook.api.Playbook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warnings about secrets that masking handles badly: a secret shorter than
 * {@link #MIN_LENGTH} characters (masking it rewrites ordinary words too), and a secret equal to a
 * configured name (masked in free text, never in ids and names, so it shows there in clear). A
 * warning names the secret's path and never its value.
 */
final class SecretWarnings {
  /** Secrets shorter than this are warned about. */
  static final int MIN_LENGTH = 8;

  private SecretWarnings() {}

  /**
   * Returns the warnings for {@code secrets}.
   *
   * @param paths where each secret was written, by value (paths inside the file)
   */
  static List<ConfigurationProblem> of(Configuration configuration, Set<String> secrets, Map<String, String> paths) {
    Map<String, String> names = names(configuration);
    List<ConfigurationProblem> out = new ArrayList<>();
    for (String s : secrets) {
      String path = paths.getOrDefault(s, "connectors");
      if (s.length() < MIN_LENGTH) {
        out.add(new ConfigurationProblem(path, "the secret is " + s.length() + " character"
            + (s.length() == 1 ? "" : "s") + " long; it is still masked in recorded text, but masking a secret"
            + " shorter than " + MIN_LENGTH + " characters also rewrites ordinary words that contain it;"
            + " use a longer secret"));
      }
      String kind = names.get(s);
      if (kind != null) {
        out.add(new ConfigurationProblem(path, "the secret equals the name of " + kind + "; it is masked in"
            + " messages, output and errors, but ids and names are never rewritten, so it shows in clear"
            + " wherever that name is shown; use another secret or rename"));
      }
    }
    return out;
  }

  /** Every configured name → what it names ("a connector"). */
  private static Map<String, String> names(Configuration c) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Organization o : c.organizations()) {
      names.putIfAbsent(o.name(), "an organization");
    }
    for (JumpBox j : c.jumpBoxes()) {
      names.putIfAbsent(j.name(), "a JumpBox");
    }
    for (Action a : c.actions()) {
      names.putIfAbsent(a.name(), "an action");
      for (ActionScript s : a.scripts()) {
        names.putIfAbsent(s.name(), "a script");
      }
    }
    for (Connector k : c.connectors()) {
      names.putIfAbsent(k.name(), "a connector");
    }
    for (Playbook p : c.playbooks()) {
      names.putIfAbsent(p.name(), "a playbook");
      for (String g : p.collectorGroups()) {
        names.putIfAbsent(g, "a collector group");
      }
    }
    return names;
  }
}
