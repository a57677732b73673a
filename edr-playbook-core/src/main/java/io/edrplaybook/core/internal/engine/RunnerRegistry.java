package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.NoSuchRunnerException;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds script runners: providers discovered with {@link ServiceLoader} beside providers and
 * runner instances registered explicitly, and the named instances the settings define (an entry
 * whose {@link RunnerSettings#type()} is another provider's id, e.g. {@code cpython2} of type
 * {@code cpython}). Settings are checked when the registry is built; runners are created lazily,
 * once, on first use. Thread-safe.
 */
public final class RunnerRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunnerRegistry.class);
  private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
      "jython", "io.edrplaybook:edr-playbook-jython",
      "cpython", "io.edrplaybook:edr-playbook-subprocess");

  private final Map<String, ScriptRunnerProvider> providers = new LinkedHashMap<>();
  private final Map<String, ScriptRunner> runners = new LinkedHashMap<>();
  private final Map<String, RunnerSettings> settings;
  private final List<ScriptRunner> owned = new ArrayList<>();
  private boolean closed;

  /**
   * Builds the registry.
   *
   * @param explicitProviders providers registered on the engine builder
   * @param explicitRunners runner instances registered on the engine builder (owned by the host)
   * @param discover whether to look for providers with ServiceLoader
   * @param classLoader where to look
   * @param settings settings per runner id
   * @throws ConfigurationException when two providers or runners share an id, a provider
   *     cannot be loaded, or settings name no runner or hold what their provider refuses
   */
  public RunnerRegistry(List<ScriptRunnerProvider> explicitProviders, List<ScriptRunner> explicitRunners,
      boolean discover, ClassLoader classLoader, Map<String, RunnerSettings> settings) {
    this.settings = Map.copyOf(settings);
    List<String> problems = new ArrayList<>();
    for (ScriptRunner r : explicitRunners) {
      if (runners.putIfAbsent(r.id(), r) != null) {
        problems.add("two runners registered with id '" + r.id() + "'");
      }
    }
    for (ScriptRunnerProvider p : explicitProviders) {
      register(p, "registered explicitly", problems);
    }
    if (discover) {
      for (ScriptRunnerProvider p : io.edrplaybook.core.ProviderDiscovery.load(ScriptRunnerProvider.class,
          classLoader, e -> problems.add("a ScriptRunnerProvider could not be loaded: " + e.getMessage()))) {
        if (explicitProviders.stream().noneMatch(e -> e.getClass() == p.getClass())) {
          register(p, "found on the class path", problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems.stream()
          .map(m -> new io.edrplaybook.api.ConfigurationProblem("runners", m)).toList());
    }
    List<io.edrplaybook.api.ConfigurationProblem> bad = RunnerChecks.settings(providers, runners.keySet(), this.settings);
    if (!bad.isEmpty()) {
      throw new ConfigurationException(bad);
    }
    log.debug("Script runners available: {}", ids());
  }

  private void register(ScriptRunnerProvider p, String how, List<String> problems) {
    String id = p.id();
    if (runners.containsKey(id) || providers.containsKey(id)) {
      Object other = providers.containsKey(id) ? providers.get(id).getClass().getName() : "a registered runner";
      problems.add("two script runners have id '" + id + "': " + p.getClass().getName() + " (" + how
          + ") and " + other + "; remove one or register it under another id");
      return;
    }
    providers.put(id, p);
  }

  /** Returns the ids of every runner available. */
  public synchronized TreeSet<String> ids() {
    return new TreeSet<>(RunnerChecks.ids(providers, runners.keySet(), settings));
  }

  /** Returns whether a runner or instance with {@code id} is available. */
  public synchronized boolean has(String id) {
    return runners.containsKey(id) || providers.containsKey(id)
        || RunnerChecks.isInstance(settings, id) && providers.containsKey(settings.get(id).type());
  }

  /**
   * Returns the runner with {@code id}, creating it on first use.
   *
   * @throws NoSuchRunnerException naming the ids found and the artifact to add
   * @throws RunnerUnavailableException naming the runner when its provider fails with a
   *     {@link LinkageError} (a class it needs is missing or cannot be initialised)
   * @throws io.edrplaybook.api.EngineClosedException after {@link #close()}
   */
  public synchronized ScriptRunner runner(String id) {
    if (closed) {
      // a configure() racing close(): a runner created now would have nobody to close it
      throw new io.edrplaybook.api.EngineClosedException("The engine is closed and creates no runner any more");
    }
    ScriptRunner r = runners.get(id);
    if (r != null) {
      return r;
    }
    RunnerSettings s = settings.getOrDefault(id, RunnerSettings.empty(id));
    ScriptRunnerProvider p = runners.containsKey(s.type()) ? null : providers.get(s.type());
    if (p == null) {
      String artifact = KNOWN_ARTIFACTS.get(id);
      throw new NoSuchRunnerException("No ScriptRunner with id '" + id + "'; found " + ids() + ". "
          + (artifact != null ? "Add " + artifact + " to the classpath."
              : "Add the jar of a ScriptRunnerProvider with that id to the classpath, or register it on the engine builder."));
    }
    try {
      r = p.create(s.withoutType());
    } catch (LinkageError e) {
      // a class the runner needs is missing or failed to initialise (a JDK module outside the module
      // graph, a jar left off the class path): a PlaybookException naming the runner, never an Error
      throw new RunnerUnavailableException("runner '" + id + "' (" + p.getClass().getName()
          + ") cannot start: " + e + (e.getCause() != null ? ", caused by " + e.getCause() : ""), e);
    }
    log.debug("Created script runner '{}' ({}) with {}", id, s.type(), p.getClass().getName());
    runners.put(id, r);
    owned.add(r);
    return r;
  }

  /** Returns the runners in use (registered by the host, or created for a configuration), by id. */
  public synchronized List<ScriptRunner> inUse() {
    return List.copyOf(runners.values());
  }

  /** The output a record keeps when a runner's settings set no {@code outputCap}: 64 KiB. */
  public static final int DEFAULT_OUTPUT_CAP = 64 * 1024;

  /**
   * Returns the characters of output a record of runner {@code id} keeps: its {@code outputCap}
   * setting, else {@link #DEFAULT_OUTPUT_CAP}. The runner checks the setting itself; a value it
   * would refuse counts as the default here.
   */
  public int outputCap(String id) {
    RunnerSettings s = settings.get(id);
    if (s == null) {
      return DEFAULT_OUTPUT_CAP;
    }
    try {
      long cap = s.getLong("outputCap", DEFAULT_OUTPUT_CAP);
      return cap < 0 ? DEFAULT_OUTPUT_CAP : (int) Math.min(Integer.MAX_VALUE - 64, cap);
    } catch (RuntimeException e) {
      return DEFAULT_OUTPUT_CAP;
    }
  }

  /** Closes the runners this registry created (not those the host registered). */
  @Override
  public synchronized void close() {
    closed = true;
    for (ScriptRunner r : owned) {
      try {
        r.close();
      } catch (RuntimeException e) {
        log.warn("Closing script runner '{}' failed: {}", r.id(), e.toString());
      }
    }
    owned.clear();
  }
}
