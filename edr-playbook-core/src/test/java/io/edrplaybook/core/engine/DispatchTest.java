package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.EngineClosedException;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lanes, deadlines, failures, retries, masking and close. */
class DispatchTest {
  private final FakeRunner runner = new FakeRunner();

  private static Configuration withFirewallAction(Action.Builder firewall) {
    return Fixtures.withAction("Block Address", a -> firewall.organization("acme").name("Block Address")
        .script(Fixtures.script("firewall", "fw.py")).script(Fixtures.script("nac", "nac.py")).build());
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("latch never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void failingScriptIsRecordedAsFailedWhileTheOthersCarryOn() {
    runner.on("fw.py", c -> FakeRunner.fail("ValueError", "firewall said no", false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      InvocationResult fw = o.result("Block Address", "Edge FW").orElseThrow();
      assertEquals(InvocationStatus.FAILED, fw.status());
      assertEquals("ValueError: firewall said no", fw.message());
      assertEquals(InvocationStatus.SUCCEEDED, o.result("IM Notification", "SOC Slack").orElseThrow().status());
      assertEquals(InvocationStatus.SUCCEEDED, o.result("IM Notification", "SOC Teams").orElseThrow().status());
    }
  }

  @Test
  void runnerThatIgnoresTheDeadlineIsRecordedAsTimedOutByTheEngine() {
    CountDownLatch never = new CountDownLatch(1);
    runner.on("fw.py", c -> {
      awaitUninterruptibly(never);
      return ScriptOutcome.succeeded(Map.of(), "", false);
    });
    Configuration cfg = withFirewallAction(Action.builder().timeout(Duration.ofMillis(200)));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(cfg).build()) {
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      InvocationResult fw = o.result("Block Address", "Edge FW").orElseThrow();
      assertEquals(InvocationStatus.TIMED_OUT, fw.status());
      assertTrue(fw.message().contains("did not return within the deadline"), fw.message());
      assertEquals(1, engine.history("ev-1").runs().stream()
          .filter(r -> r.invocation().connector().equals("Edge FW")).count());
    } finally {
      never.countDown();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // a runaway runner ignores interrupts, which is the point of this test
      }
    }
  }

  @Test
  void runsOverTheLaneQueueBoundAreRejectedWithAReasonNeverDropped() {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    runner.on("slack.py", c -> {
      started.countDown();
      awaitLatch(release);
      return ScriptOutcome.succeeded(null, "", false);
    });
    List<InvocationResult> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch heardRejection = new CountDownLatch(1);
    try (CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(1).laneQueueCapacity(1)
        .listener(new io.edrplaybook.spi.PlaybookListener() {
          @Override
          public void onFinished(InvocationResult result) {
            seen.add(result);
            if (result.status() == InvocationStatus.REJECTED) {
              heardRejection.countDown();
            }
          }
        })
        .configuration(Fixtures.acme()).build()) {
      CompletableFuture<EventOutcome> f =
          engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
      awaitLatch(started);
      release.countDown();
      EventOutcome o = await(f);
      // slack runs, teams waits in the single queue slot, the firewall finds the lane full
      assertEquals(3, o.results().size());
      InvocationResult fw = o.result("Block Address", "Edge FW").orElseThrow();
      assertEquals(InvocationStatus.REJECTED, fw.status());
      assertTrue(fw.message().contains("lane is full"), fw.message());
      // listeners are told on their own thread, possibly after the future completed
      awaitLatch(heardRejection);
      assertTrue(seen.contains(fw), "listeners hear of rejections");
      assertEquals(InvocationStatus.SUCCEEDED, o.result("IM Notification", "SOC Teams").orElseThrow().status());
      // a rejected run never ran, so submitting again runs it
      EventOutcome again = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertEquals(InvocationStatus.SUCCEEDED, again.result("Block Address", "Edge FW").orElseThrow().status());
    }
  }

  @Test
  void secretsAreMaskedInOutputResultsAndMessages() {
    runner.on("slack.py", c -> ScriptOutcome.succeeded(
        Map.of("message", "used " + Fixtures.SLACK_KEY, "echo", List.of(Fixtures.SLACK_KEY)),
        "token=" + Fixtures.SLACK_KEY + "\n", false));
    runner.on("fw.py", c -> FakeRunner.fail("HTTPError", "401 for api:" + Fixtures.FW_PASSWORD, false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      String everything = engine.history("ev-1").toString() + o;
      assertFalse(everything.contains(Fixtures.SLACK_KEY), everything);
      assertFalse(everything.contains(Fixtures.FW_PASSWORD), everything);
      InvocationResult slack = o.result("IM Notification", "SOC Slack").orElseThrow();
      assertEquals("used ****", slack.message());
      assertEquals("token=****\n", slack.output());
      assertEquals("HTTPError: 401 for api:****", o.result("Block Address", "Edge FW").orElseThrow().message());
    }
  }

  @Test
  void transientFailureIsRetriedAndEveryAttemptIsInTheHistory() {
    AtomicInteger calls = new AtomicInteger();
    runner.on("fw.py", c -> calls.incrementAndGet() < 3
        ? FakeRunner.fail("ServiceUnavailable", "503", true) : ScriptOutcome.succeeded(null, "", false));
    Configuration cfg = withFirewallAction(Action.builder().retry(RetryPolicy.attempts(3, Duration.ofMillis(1))));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(cfg).build()) {
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      List<InvocationResult> fw = o.results().stream().filter(r -> r.invocation().connector().equals("Edge FW")).toList();
      assertEquals(List.of(InvocationStatus.FAILED, InvocationStatus.FAILED, InvocationStatus.SUCCEEDED),
          fw.stream().map(InvocationResult::status).toList());
      assertEquals(List.of(1, 2, 3), fw.stream().map(r -> r.invocation().attempt()).toList());
      assertEquals(5, engine.history("ev-1").runs().size());
    }
  }

  @Test
  void failureNotDeclaredTransientIsNotRetried() {
    runner.on("fw.py", c -> FakeRunner.fail("ValueError", "bad request", false));
    Configuration cfg = withFirewallAction(Action.builder().retry(RetryPolicy.attempts(3, Duration.ofMillis(1))));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(cfg).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertEquals(1, runner.callsOf("fw.py").size());
    }
  }

  @Test
  void timeoutIsRetriedOnlyWhenTheActionIsIdempotent() {
    runner.on("fw.py", c -> ScriptOutcome.timedOut("deadline passed", "", false));
    Configuration notIdempotent = withFirewallAction(Action.builder().retry(RetryPolicy.attempts(2, Duration.ZERO)));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(notIdempotent).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertEquals(1, runner.callsOf("fw.py").size());
      engine.configure(withFirewallAction(Action.builder().retry(RetryPolicy.attempts(2, Duration.ZERO)).idempotent(true)));
      await(engine.submit(event("ev-2", "acme", "Laptops", Classification.MALICIOUS)));
      assertEquals(3, runner.callsOf("fw.py").size());
    }
  }

  @Test
  void runThatCouldNotStartIsRetriedBecauseItCannotRunTwice() {
    AtomicInteger calls = new AtomicInteger();
    runner.on("fw.py", c -> {
      if (calls.incrementAndGet() == 1) {
        throw new RunnerUnavailableException("no worker", null);
      }
      return ScriptOutcome.succeeded(null, "", false);
    });
    Configuration cfg = withFirewallAction(Action.builder().retry(RetryPolicy.attempts(2, Duration.ZERO)));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(cfg).build()) {
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      List<InvocationStatus> fw = o.results().stream().filter(r -> r.invocation().connector().equals("Edge FW"))
          .map(InvocationResult::status).toList();
      assertEquals(List.of(InvocationStatus.REJECTED, InvocationStatus.SUCCEEDED), fw);
    }
  }

  @Test
  void closeGivesEveryAcceptedRunExactlyOneTerminalRecord() {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    runner.on("slack.py", c -> {
      started.countDown();
      awaitUninterruptibly(never);
      return ScriptOutcome.succeeded(null, "", false);
    });
    CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(1).closeGrace(Duration.ofMillis(50))
        .configuration(Fixtures.acme()).build();
    CompletableFuture<EventOutcome> f =
        engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
    awaitLatch(started);
    engine.close();
    never.countDown();
    EventOutcome o = await(f);
    assertEquals(3, o.results().size());
    assertTrue(o.results().stream().allMatch(r -> r.status() == InvocationStatus.CANCELLED), o.results().toString());
    assertEquals(3, engine.history("ev-1").runs().size());
    assertThrows(EngineClosedException.class,
        () -> engine.submit(event("ev-2", "acme", "Laptops", Classification.MALICIOUS)));
  }

  @Test
  void closeWaitsForRunsInFlightWithinTheGracePeriod() {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    runner.on("slack.py", c -> {
      started.countDown();
      awaitLatch(release);
      return ScriptOutcome.succeeded(Map.of("message", "done"), "", false);
    });
    CorePlaybookEngine engine = Fixtures.engine(runner).closeGrace(Duration.ofSeconds(30))
        .configuration(Fixtures.acme()).build();
    CompletableFuture<EventOutcome> f =
        engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture();
    awaitLatch(started);
    Thread closer = new Thread(engine::close);
    closer.start();
    release.countDown();
    EventOutcome o = await(f);
    assertTrue(o.allSucceeded(), o.results().toString());
    try {
      closer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertTrue(runner.closed == false, "a runner registered by the host is the host's to close");
  }

  @Test
  void oneOrganizationsStuckThirdPartyDoesNotStarveAnother() {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    runner.on("slack.py", c -> {
      started.countDown();
      awaitLatch(release);
      return ScriptOutcome.succeeded(null, "", false);
    });
    try (CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(1).configuration(Fixtures.acme())
        .build()) {
      CompletableFuture<EventOutcome> acme =
          engine.submit(event("ev-a", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
      awaitLatch(started);
      // acme's JumpBox lane is full and stuck; globex has its own JumpBox, so its own lane
      EventOutcome globex = await(engine.submit(event("ev-g", "globex", "Any", Classification.MALICIOUS)));
      assertTrue(globex.allSucceeded());
      assertFalse(acme.isDone(), "acme is still waiting for its third party");
      release.countDown();
      assertEquals(3, await(acme).results().size());
    }
  }
}
