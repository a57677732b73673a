package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import io.edrplaybook.spi.RunnerSettings;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds runners the way the engine does: {@link ServiceLoader}, by id. */
public final class Runners {
  private Runners() {}

  /** Returns the provider with {@code id}, if one is on the class path and loads. */
  public static Optional<ScriptRunnerProvider> provider(String id) {
    try {
      for (ScriptRunnerProvider p : ServiceLoader.load(ScriptRunnerProvider.class, Runners.class.getClassLoader())) {
        if (p.id().equals(id)) {
          return Optional.of(p);
        }
      }
    } catch (ServiceConfigurationError e) {
      System.err.println("warning: a runner provider failed to load: " + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Creates the runner {@code id} with {@code settings}; empty (with the reason on stderr) when it
   * is absent or cannot be created.
   */
  public static Optional<ScriptRunner> create(String id, Map<String, Object> settings) {
    Optional<ScriptRunnerProvider> p = provider(id);
    if (p.isEmpty()) {
      System.err.println("note: no runner with id '" + id + "' on the class path; its measures are skipped");
      return Optional.empty();
    }
    try {
      return Optional.of(p.get().create(new RunnerSettings(id, settings)));
    } catch (RuntimeException e) {
      System.err.println("note: runner '" + id + "' " + settings + " could not be created: " + e.getMessage());
      return Optional.empty();
    }
  }
}
