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
 * @param preload what a slot imports once warmed up (asked when it gets there), or null
 */
record SlotConfig(JythonSettings settings, JythonCompiledScript warmUpScript, String scratch,
    Map<String, String> environment, Preload preload) {

  /** The modules to preload, and the script that imports them. */
  interface Preload {
    /** The modules wanted now. */
    java.util.List<String> names();

    /** Imports {@code names} into the slot that calls it (a run on its own thread); returns those that failed. */
    java.util.List<String> run(Slot slot, java.util.List<String> names);
  }

  SlotConfig(JythonSettings settings, JythonCompiledScript warmUpScript, String scratch, Map<String, String> environment) {
    this(settings, warmUpScript, scratch, environment, null);
  }

  SlotConfig {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(scratch, "scratch");
    environment = Map.copyOf(environment);
  }
}
