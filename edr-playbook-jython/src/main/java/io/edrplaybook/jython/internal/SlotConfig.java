package io.edrplaybook.jython.internal;

import io.edrplaybook.jython.JythonSettings;
import java.util.Map;
import java.util.Objects;

/**
 * What every slot of a runner is set up with.
 *
 * @param settings the runner's settings
 * @param warmUpScript the script a slot runs once when it is created, or null
 * @param scratch the working directory of scripts that have no folder of their own
 * @param environment the whole {@code os.environ} scripts see: the minimal host variables and the
 *     configured {@code environment}
 */
record SlotConfig(JythonSettings settings, JythonCompiledScript warmUpScript, String scratch,
    Map<String, String> environment) {

  SlotConfig {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(scratch, "scratch");
    environment = Map.copyOf(environment);
  }
}
