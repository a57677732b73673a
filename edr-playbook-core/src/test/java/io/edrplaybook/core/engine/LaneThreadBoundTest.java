package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.PlaybookListener;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 11 item 17: runs abandoned at deadline + grace cannot make the lane threads grow without limit. */
class LaneThreadBoundTest {

  private static long laneThreadsBesides(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("edr-playbook-lane-") && t.isAlive() && !before.contains(t)).count();
  }

  @Test
  void stuckRunnersHoldAtMostTheBoundAndLaterRunsWaitForAThread() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Set<Thread> entered = ConcurrentHashMap.newKeySet();
    FakeRunner runner = new FakeRunner().on("fw.py", c -> {
      entered.add(Thread.currentThread());
      boolean interrupted = false;
      while (true) { // deaf to interrupts, like a script stuck in native code
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return ScriptOutcome.succeeded(Map.of("message", "unblocked"), "", false);
    });
    CountDownLatch twoAbandoned = new CountDownLatch(2);
    PlaybookListener listener = new PlaybookListener() {
      @Override
      public void onFinished(InvocationResult r) {
        if (r.status() == InvocationStatus.TIMED_OUT) {
          twoAbandoned.countDown();
        }
      }
    };
    Configuration cfg = Fixtures.withAction("Block Address", a -> Action.builder().organization("acme")
        .name("Block Address").timeout(Duration.ofMillis(50))
        .script(Fixtures.script("firewall", "fw.py")).script(Fixtures.script("nac", "nac.py")).build());
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    List<CompletionStage<EventOutcome>> outcomes = new ArrayList<>();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(4).maxLaneThreads(2)
        .listener(listener).configuration(cfg).build()) {
      for (int i = 1; i <= 5; i++) {
        outcomes.add(engine.submit(event("ev-" + i, "acme", "Laptops", Classification.MALICIOUS)));
      }
      assertTrue(twoAbandoned.await(30, TimeUnit.SECONDS), "two runs were abandoned at deadline + grace");

      assertTrue(laneThreadsBesides(before) <= 2, "lane threads: " + laneThreadsBesides(before));
      assertEquals(2, entered.size(), "only the two stuck threads ever entered the runner");

      release.countDown();
      List<InvocationStatus> firewall = new ArrayList<>();
      for (CompletionStage<EventOutcome> o : outcomes) {
        firewall.add(await(o).result("Block Address", "Edge FW").orElseThrow().status());
      }
      assertEquals(2, firewall.stream().filter(s -> s == InvocationStatus.TIMED_OUT).count(), firewall::toString);
      assertEquals(3, firewall.stream().filter(s -> s == InvocationStatus.SUCCEEDED).count(), firewall::toString);
      assertTrue(entered.size() <= 2, "threads that ran the firewall script: " + entered.size());
    } finally {
      release.countDown();
    }
  }
}
