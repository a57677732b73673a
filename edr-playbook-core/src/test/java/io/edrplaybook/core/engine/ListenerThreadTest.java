package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.PlaybookListener;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Listeners run on the notifier thread, in order; a slow one delays no deadline. */
class ListenerThreadTest {
  private final FakeRunner runner = new FakeRunner();

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aBlockedListenerDoesNotDelayAnotherRunsDeadline() throws Exception {
    CountDownLatch runnersRelease = new CountDownLatch(1);
    runner.on("slack.py", c -> {
      awaitQuietly(runnersRelease);
      return ScriptOutcome.succeeded(null, "", false);
    });
    runner.on("teams.py", c -> {
      awaitQuietly(runnersRelease);
      return ScriptOutcome.succeeded(null, "", false);
    });
    CountDownLatch listenerBlocked = new CountDownLatch(1);
    CountDownLatch listenerRelease = new CountDownLatch(1);
    AtomicBoolean blockedOnce = new AtomicBoolean();
    PlaybookListener slow = new PlaybookListener() {
      @Override
      public void onFinished(InvocationResult result) {
        if (result.status() == InvocationStatus.TIMED_OUT && blockedOnce.compareAndSet(false, true)) {
          listenerBlocked.countDown();
          awaitQuietly(listenerRelease);
        }
      }
    };
    try (CorePlaybookEngine engine = Fixtures.engine(runner).defaultTimeout(Duration.ofMillis(200)).listener(slow)
        .configuration(Fixtures.acme()).build()) {
      try {
        EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
        assertTrue(listenerBlocked.await(30, TimeUnit.SECONDS), "the listener never heard the first timeout");
        assertEquals(1, listenerRelease.getCount(), "the listener is still blocked");
        long timedOut = o.results().stream().filter(r -> r.status() == InvocationStatus.TIMED_OUT).count();
        assertEquals(2, timedOut, "both deadlines were enforced while the listener was blocked: " + o);
        assertEquals(2, engine.history("acme", "ev-1").runs().stream()
            .filter(r -> r.status() == InvocationStatus.TIMED_OUT).count(), "and both are recorded");
      } finally {
        listenerRelease.countDown();
        runnersRelease.countDown();
      }
    }
  }

  @Test
  void listenersAreCalledOnTheNotifierThreadInTheOrderOfTheRecords() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch ended = new CountDownLatch(3);
    PlaybookListener l = new PlaybookListener() {
      @Override
      public void onClassification(ClassificationChange change) {
        threads.add(Thread.currentThread().getName());
        order.add("classified");
      }

      @Override
      public void onStarted(InvocationStarted started) {
        threads.add(Thread.currentThread().getName());
        order.add("started " + started.invocation().id());
      }

      @Override
      public void onFinished(InvocationResult result) {
        threads.add(Thread.currentThread().getName());
        order.add("finished " + result.invocation().id());
        ended.countDown();
      }
    };
    try (CorePlaybookEngine engine = Fixtures.engine(runner).listener(l).configuration(Fixtures.acme()).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(ended.await(30, TimeUnit.SECONDS));
    }
    assertEquals(Set.of("edr-playbook-notifier"), threads);
    assertEquals("classified", order.get(0));
    for (String entry : order) {
      if (entry.startsWith("finished ")) {
        String id = entry.substring("finished ".length());
        assertTrue(order.indexOf("started " + id) < order.indexOf(entry), "a run's start comes first: " + order);
      }
    }
  }
}
