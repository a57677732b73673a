package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.EngineClosedException;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.internal.engine.RunnerRegistry;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 11 item 14: a refused build, or a configure() racing close(), leaves nothing running. */
class RefusedBuildTest {

  /** Creates FakeRunners and remembers each, to see which were closed. */
  static final class RecordingProvider implements ScriptRunnerProvider {
    final List<FakeRunner> created = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public ScriptRunner create(RunnerSettings settings) {
      FakeRunner r = new FakeRunner();
      created.add(r);
      return r;
    }
  }

  private static Set<Thread> engineThreads() {
    Set<Thread> all = Thread.getAllStackTraces().keySet();
    return Set.copyOf(all.stream().filter(t -> t.getName().startsWith("edr-playbook-")).toList());
  }

  @Test
  void aRefusedConfigurationClosesTheRunnersAndStopsTheThreadsTheBuildStarted() throws Exception {
    RecordingProvider provider = new RecordingProvider();
    Set<Thread> before = engineThreads();
    CorePlaybookEngine.Builder b = CorePlaybookEngine.builder().discoverRunners(false).runnerProvider(provider)
        .defaultRunner("fake").closeGrace(Duration.ofSeconds(1))
        .configuration(Fixtures.withAction("Open Ticket", a -> io.edrplaybook.api.Action.builder()
            .organization("acme").name("Open Ticket")
            .script(ActionScript.of("ticket", "ticket.py", "def run(ctx):\n  SYNTAX ERROR\n")).build()));

    assertThrows(ConfigurationException.class, b::build);

    assertEquals(1, provider.created.size(), "the runner was created to compile the scripts");
    assertTrue(provider.created.get(0).closed, "the runner the refused build created is closed");
    for (Thread t : engineThreads()) {
      if (!before.contains(t)) {
        t.join(10_000);
        assertFalse(t.isAlive(), "thread " + t.getName() + " of the refused build still runs");
      }
    }
  }

  @Test
  void aRegistryClosedCreatesNoRunnerAnyMore() {
    RecordingProvider provider = new RecordingProvider();
    RunnerRegistry registry = new RunnerRegistry(List.of(provider), List.of(), false,
        getClass().getClassLoader(), Map.of());
    registry.close();
    assertThrows(EngineClosedException.class, () -> registry.runner("fake"));
    assertEquals(List.of(), provider.created);
  }

  @Test
  void aValidBuildStillAppliesItsConfiguration() {
    RecordingProvider provider = new RecordingProvider();
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runnerProvider(provider)
        .defaultRunner("fake").configuration(Fixtures.acme()).build()) {
      assertEquals(6, engine.configuration().connectors().size());
    }
    assertTrue(provider.created.get(0).closed);
  }
}
