package io.edrplaybook.testkit.internal;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks the test kit's canned answers against the configuration they are for. */
public final class AnswerChecks {
  private AnswerChecks() {}

  /**
   * Fails, naming what exists, when an answer keyed by (action, connector) names an action the
   * configuration lacks or a connector that does not bind it.
   *
   * @param cfg the configuration under test
   * @param keys the answers' keys, each {@code [action, connector]}
   * @throws IllegalArgumentException listing every such answer
   */
  public static void check(Configuration cfg, Set<List<String>> keys) {
    List<String> problems = new ArrayList<>();
    for (List<String> k : keys) {
      String action = k.get(0);
      String connector = k.get(1);
      List<String> binding = cfg.connectors().stream()
          .filter(c -> c.bindings().stream().anyMatch(b -> b.action().equals(action)))
          .map(Connector::name).distinct().sorted().toList();
      if (cfg.actions().stream().noneMatch(a -> a.name().equals(action))) {
        problems.add("no action \"" + action + "\" in the configuration; its actions are "
            + cfg.actions().stream().map(Action::name).distinct().sorted().toList());
      } else if (!binding.contains(connector)) {
        problems.add("no connector \"" + connector + "\" binds action \"" + action + "\"; the connectors"
            + " that bind it are " + binding);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("canned answers for an action on a connector that never runs: "
          + String.join("; ", problems));
    }
  }
}
