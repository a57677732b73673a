package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.internal.Suggestions;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of runner ids and runner settings, shared by the configuration loader (with the
 * providers found when the file is loaded) and the engine (with its registry): each settings
 * entry names a known runner or instance type and holds settings its provider accepts; the
 * default runner and every runner a script names exist. A misspelt default is one problem, not
 * one per script that names no runner.
 */
public final class RunnerChecks {
  private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
      "jython", "io.edrplaybook:edr-playbook-jython",
      "cpython", "io.edrplaybook:edr-playbook-subprocess");

  private RunnerChecks() {}

  /**
   * Checks the settings entries (path {@code runners.<id>}).
   *
   * @param providers the providers, by id
   * @param runners the ids of runner instances a host registered (settings for them are not checked)
   * @param settings the settings, by runner or instance id
   */
  public static List<ConfigurationProblem> settings(Map<String, ScriptRunnerProvider> providers,
      Set<String> runners, Map<String, RunnerSettings> settings) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    for (RunnerSettings s : new java.util.TreeMap<>(settings).values()) {
      String id = s.runnerId();
      String type = s.type();
      String path = "runners." + id;
      if (id.equals("default")) {
        continue;
      }
      if (!type.equals(id)) {
        if (providers.containsKey(id) || runners.contains(id)) {
          problems.add(new ConfigurationProblem(path + ".type", "\"" + id + "\" is the id of a runner;"
              + " give the instance of \"" + type + "\" another id, such as \"" + type + "-" + id + "\""));
          continue;
        }
        if (!providers.containsKey(type)) {
          problems.add(new ConfigurationProblem(path + ".type", "no runner \"" + type + "\" to make an"
              + " instance of; " + hint(type, providers.keySet())));
          continue;
        }
      } else if (!providers.containsKey(id)) {
        if (!runners.contains(id)) {
          problems.add(new ConfigurationProblem(path, "no runner \"" + id + "\" for these settings; "
              + hint(id, providers.keySet()) + " (for a second instance of a runner, set \"type\")"));
        }
        continue;
      }
      try {
        problems.addAll(providers.get(type).validate(s.withoutType()));
      } catch (RuntimeException e) {
        problems.add(new ConfigurationProblem(path, "runner \"" + type + "\" could not check its settings: " + e));
      }
    }
    return problems;
  }

  /** Returns the runner ids scripts may name: providers, registered runners and instances. */
  public static Set<String> ids(Map<String, ScriptRunnerProvider> providers, Set<String> runners,
      Map<String, RunnerSettings> settings) {
    Set<String> ids = new TreeSet<>(providers.keySet());
    ids.addAll(runners);
    settings.values().stream().filter(s -> !s.type().equals(s.runnerId()) && providers.containsKey(s.type())
        && !providers.containsKey(s.runnerId())).forEach(s -> ids.add(s.runnerId()));
    return ids;
  }

  /**
   * Checks the default runner (once, at {@code defaultPath}, when a script relies on it) and the
   * runner each script names (at {@code actions[i].scripts[k].runner}, naming the action).
   *
   * @param defaultPath where the default came from, e.g. {@code runners.default}
   */
  public static List<ConfigurationProblem> scripts(Configuration configuration, Set<String> ids,
      Optional<String> defaultRunner, String defaultPath) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    boolean defaultUsed = false;
    List<Action> actions = configuration.actions();
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      for (int k = 0; k < a.scripts().size(); k++) {
        ActionScript s = a.scripts().get(k);
        if (s.runner().isEmpty()) {
          defaultUsed = true;
        } else if (!ids.contains(s.runner().get())) {
          problems.add(new ConfigurationProblem("actions[" + i + "].scripts[" + k + "].runner",
              "script \"" + s.name() + "\" of action \"" + a.name() + "\" (organization \"" + a.organization()
                  + "\") names no known runner, \"" + s.runner().get() + "\"; " + hint(s.runner().get(), ids)));
        }
      }
    }
    if (defaultUsed && defaultRunner.isPresent() && !ids.contains(defaultRunner.get())) {
      problems.add(0, new ConfigurationProblem(defaultPath, "no runner \"" + defaultRunner.get()
          + "\", the runner of every script that names none; " + hint(defaultRunner.get(), ids)));
    }
    return problems;
  }

  /** A suggestion, the ids found and, for a known runner, the artifact that brings it. */
  public static String hint(String id, Set<String> ids) {
    String found = ids.isEmpty() ? "no runner was found" : "runners found: " + new TreeSet<>(ids);
    String artifact = KNOWN_ARTIFACTS.get(id);
    return Suggestions.closest(id, ids).map(s -> "did you mean \"" + s + "\"? (" + found + ")")
        .orElse(found + (artifact != null ? "; add " + artifact + " to the class path" : ""));
  }

  /** Returns whether {@code id} is an instance id in {@code settings}. */
  static boolean isInstance(Map<String, RunnerSettings> settings, String id) {
    RunnerSettings s = settings.get(id);
    return s != null && !s.type().equals(id);
  }
}
