package io.edrplaybook.spi;

import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.internal.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creates {@link ScriptRunner}s of one kind. Found by the engine with
 * {@link java.util.ServiceLoader}; must have a public no-argument constructor. Implementations
 * must be thread-safe.
 */
public interface ScriptRunnerProvider {

  /**
   * Returns the stable id scripts and configurations use to pick this runner, e.g. {@code jython}
   * or {@code cpython}. Two providers with one id are an error.
   */
  String id();

  /**
   * Creates a runner.
   *
   * @param settings the runner's settings from the configuration; never null, possibly empty
   * @return a new runner, owned by the caller, who closes it
   * @throws io.edrplaybook.api.PlaybookException when the runner cannot be created (say, its
   *     interpreter is missing), with a message naming what was looked for
   */
  ScriptRunner create(RunnerSettings settings);

  /**
   * Returns the keys this runner's settings may hold, so that a misspelt one ({@code poolsize})
   * is reported when a configuration is loaded or an engine built. The default, an empty set,
   * means keys are not checked.
   */
  default Set<String> settingKeys() {
    return Set.of();
  }

  /**
   * Checks settings without creating a runner, returning every problem at once, each at the path
   * {@code runners.<runner id>.<key>}; empty when they are fine. Called when a configuration file
   * is loaded (for the providers found then) and before {@link #create} when an engine is built.
   * The default reports the keys not in {@link #settingKeys()} (none when that is empty), with a
   * suggestion when a known key is close; a provider overrides it to check values too, reading
   * them with a {@link RunnerSettingsReader} so that every runner reads and reports them the same
   * way (and {@code outputCap} and {@code grace} with the rules every runner shares).
   *
   * @param settings the settings, without the reserved key {@link RunnerSettings#TYPE}; never null
   * @return the problems found; empty when none
   */
  default List<ConfigurationProblem> validate(RunnerSettings settings) {
    Set<String> known = settingKeys();
    List<ConfigurationProblem> problems = new ArrayList<>();
    if (known.isEmpty()) {
      return problems;
    }
    for (String key : new java.util.TreeSet<>(settings.values().keySet())) {
      if (!known.contains(key) && !key.equals(RunnerSettings.TYPE)) {
        problems.add(new ConfigurationProblem("runners." + settings.runnerId() + "." + key,
            "unknown setting of runner \"" + id() + "\", " + Suggestions.hint(key, known, "its settings")));
      }
    }
    return problems;
  }
}
