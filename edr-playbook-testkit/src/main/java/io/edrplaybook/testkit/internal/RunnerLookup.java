package io.edrplaybook.testkit.internal;

import io.edrplaybook.api.NoSuchRunnerException;
import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.edrplaybook.core.ProviderDiscovery;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a real runner's provider by id with {@link ServiceLoader}, so that the test kit runs real
 * scripts without naming a runner class (the runner modules' tests depend on the test kit, not
 * the other way round).
 */
public final class RunnerLookup {
  private static final Logger log = LoggerFactory.getLogger(RunnerLookup.class);
  private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
      "jython", "io.edrplaybook:edr-playbook-jython",
      "cpython", "io.edrplaybook:edr-playbook-subprocess");

  private RunnerLookup() {}

  /**
   * Creates the runner with {@code id}: the provider's of that id, or, for settings of a named
   * instance ({@link RunnerSettings#type()}), its type's runner under the instance's id.
   *
   * @throws NoSuchRunnerException naming the ids found and the artifact to add
   * @throws PlaybookException when two providers claim the id or one cannot be loaded
   */
  public static ScriptRunner create(String id, ClassLoader loader, RunnerSettings settings) {
    // a named instance (settings with a type) is created by its type's provider, under its own id
    String instance = id;
    id = settings.runnerId().equals(id) ? settings.type() : id;
    List<ScriptRunnerProvider> matching = new ArrayList<>();
    TreeSet<String> found = new TreeSet<>();
    List<String> broken = new ArrayList<>();
    for (ScriptRunnerProvider p : ProviderDiscovery.load(ScriptRunnerProvider.class, loader,
        e -> broken.add(e.getMessage()))) {
      found.add(p.id());
      if (p.id().equals(id)) {
        matching.add(p);
      }
    }
    log.debug("Script runner providers found: {}", found);
    if (matching.size() > 1) {
      throw new PlaybookException("Two script runner providers have id '" + id + "': "
          + matching.stream().map(p -> p.getClass().getName()).toList() + "; keep one on the test class path");
    }
    if (matching.isEmpty()) {
      String artifact = KNOWN_ARTIFACTS.get(id);
      throw new NoSuchRunnerException("No ScriptRunner with id '" + id + "'; found " + found + ". "
          + (artifact != null ? "Add " + artifact + " as a test dependency."
              : "Add the jar of a ScriptRunnerProvider with that id to the test class path.")
          + (broken.isEmpty() ? "" : " Providers that could not be loaded: " + broken));
    }
    ScriptRunner runner = matching.get(0).create(settings.withoutType());
    return instance.equals(id) ? runner : new InstanceRunner(instance, runner);
  }
}
