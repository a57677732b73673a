package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks, when a configuration is applied, that every script a row with {@code undo} runs defines a
 * top-level {@code def undo(ctx)}: an undo that cannot run is refused at upload, not found failing
 * a day later.
 */
final class UndoChecks {
  private static final Pattern UNDO = Pattern.compile("^def[ \\t]+undo[ \\t]*\\(", Pattern.MULTILINE);

  private UndoChecks() {}

  /** One problem per row with undo and script of its connectors without {@code undo}, at the row's undo. */
  static List<ConfigurationProblem> problems(Configuration c) {
    List<ConfigurationProblem> out = new ArrayList<>();
    List<Playbook> playbooks = c.playbooks();
    for (int i = 0; i < playbooks.size(); i++) {
      Playbook p = playbooks.get(i);
      for (int k = 0; k < p.rules().size(); k++) {
        PlaybookRule r = p.rules().get(k);
        if (r.undo().isEmpty()) {
          continue;
        }
        Optional<Action> action = c.action(p.organization(), r.action());
        if (action.isEmpty()) {
          continue; // reported by the configuration's own checks
        }
        for (ActionScript s : scriptsRun(c, p.organization(), r, action.get())) {
          if (!UNDO.matcher(s.source()).find()) {
            out.add(new ConfigurationProblem("playbooks[" + i + "].rules[" + k + "].undo", "the row is undone, but"
                + " script \"" + s.name() + "\" (" + s.file() + ") of action \"" + action.get().name() + "\" defines"
                + " no top-level def undo(ctx); add one, or remove the row's undo"));
          }
        }
      }
    }
    return out;
  }

  /** The scripts the row's connectors bind for its action. */
  private static Set<ActionScript> scriptsRun(Configuration c, String organization, PlaybookRule r, Action a) {
    Set<ActionScript> out = new LinkedHashSet<>();
    for (Connector connector : c.connectors()) {
      if (!connector.organization().equals(organization) || r.connectors() instanceof ConnectorSelection.Named n
          && !n.connectors().contains(connector.name())) {
        continue;
      }
      for (ActionBinding b : connector.bindings()) {
        if (!b.action().equals(a.name())) {
          continue;
        }
        Optional<ActionScript> s = b.script().isPresent() ? a.script(b.script().get())
            : a.scripts().size() == 1 ? Optional.of(a.scripts().get(0)) : Optional.empty();
        s.ifPresent(out::add);
      }
    }
    return out;
  }
}
