package io.edrplaybook.core.internal.engine;

import static io.edrplaybook.core.internal.engine.TaskFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ConnectorLoad;
import io.edrplaybook.api.LaneLoad;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dispatcher's load as an engine's health shows it: lanes by JumpBox, connectors by organization and name. */
class DispatcherLoadTest {
  private final CountDownLatch running = new CountDownLatch(3);
  private final CountDownLatch release = new CountDownLatch(1);
  private final ScriptRunner runner = TaskFixtures.runner(c -> {
    running.countDown();
    await(release);
    return ScriptOutcome.succeeded(Map.of(), "", false);
  });

  private CompletableFuture<Dispatcher.ChainResult> dispatch(Dispatcher d, String organization, String connector,
      String jumpBox) {
    Action action = TaskFixtures.action(organization, RetryPolicy.NONE);
    return d.dispatch(TaskFixtures.invocation(organization + "/" + connector, organization, connector, jumpBox),
        TaskFixtures.target(action, runner, connector, jumpBox), action, SecretMasker.of(List.of()),
        TaskFixtures::call, false);
  }

  @Test
  void lanesAreListedByJumpBoxAndConnectorsByOrganizationThenName() throws Exception {
    List<CompletableFuture<Dispatcher.ChainResult>> chains = new ArrayList<>();
    try (Dispatcher d = new Dispatcher(new TaskFixtures.Sink(), 1, 10, Clock.systemUTC())) {
      chains.add(dispatch(d, "acme", "Zeta FW", "jb-c"));
      chains.add(dispatch(d, "zulu", "Alpha FW", "jb-b"));
      chains.add(dispatch(d, "acme", "Alpha FW", "jb-a"));
      await(running);

      assertEquals(List.of(new LaneLoad("jb-a", 1, 0), new LaneLoad("jb-b", 1, 0), new LaneLoad("jb-c", 1, 0)),
          d.lanes());
      assertEquals(List.of("acme/Alpha FW", "acme/Zeta FW", "zulu/Alpha FW"),
          d.connectors().stream().map(l -> l.organization() + "/" + l.connector()).toList());
      assertEquals(List.of(1, 1, 1), d.connectors().stream().map(ConnectorLoad::running).toList());

      release.countDown();
      for (CompletableFuture<Dispatcher.ChainResult> c : chains) {
        c.get(30, TimeUnit.SECONDS);
      }
      d.close(Duration.ZERO);
    } finally {
      release.countDown();
    }
  }
}
