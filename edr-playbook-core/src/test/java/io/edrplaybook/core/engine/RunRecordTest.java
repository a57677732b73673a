package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a run's records say of it: when it started, how long it ran and waited, its output. */
class RunRecordTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  private final FakeRunner runner = new FakeRunner();

  private static InvocationResult slack(EventOutcome o) {
    return o.result("IM Notification", "SOC Slack").orElseThrow();
  }

  @Test
  void aRunsRecordCarriesTheTimeItStartedAndHowLongItRan() {
    MutableClock clock = new MutableClock(T0);
    runner.on("slack.py", c -> {
      clock.advance(Duration.ofMinutes(1)); // the record's time is the start, not the end
      return ScriptOutcome.succeeded(Map.of(), "", false);
    });
    try (CorePlaybookEngine engine = Fixtures.engine(runner).clock(clock).configuration(Fixtures.acme()).build()) {
      long before = System.nanoTime();
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)));
      Duration around = Duration.ofNanos(System.nanoTime() - before);
      InvocationResult r = slack(o);
      assertEquals(T0, r.startedAt());
      assertTrue(r.duration().compareTo(Duration.ZERO) > 0 && r.duration().compareTo(around) <= 0,
          r.duration() + " is not within the " + around + " the submission took");
    }
  }

  @Test
  void aRunThatWaitedForItsLaneRecordsAWaitNoLongerThanItsSubmissionTook() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    runner.on("slack.py", c -> {
      first.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ScriptOutcome.succeeded(Map.of(), "", false);
    });
    try (CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(1).configuration(Fixtures.acme())
        .build()) {
      long before = System.nanoTime();
      CompletableFuture<EventOutcome> f =
          engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture();
      assertTrue(first.await(30, TimeUnit.SECONDS));
      release.countDown();
      EventOutcome o = await(f);
      Duration around = Duration.ofNanos(System.nanoTime() - before);
      InvocationResult teams = o.result("IM Notification", "SOC Teams").orElseThrow();
      List<InvocationStarted> starts = engine.journal().history(teams.eventKey()).stream()
          .filter(e -> e instanceof InvocationStarted s && s.invocation().equals(teams.invocation()))
          .map(e -> (InvocationStarted) e).toList();
      assertEquals(1, starts.size());
      Duration queued = starts.get(0).queued();
      assertTrue(queued.compareTo(Duration.ZERO) > 0 && queued.compareTo(around) <= 0,
          "Teams waited behind Slack for " + queued + ", within the " + around + " the submission took");
    } finally {
      release.countDown();
    }
  }

  @Test
  void outputExactlyAsLongAsTheCapIsKeptWhole() {
    runner.on("slack.py", c -> ScriptOutcome.succeeded(Map.of(), "0123456789abcdef", false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner)
        .runnerSettings(new RunnerSettings("fake", Map.of("outputCap", 16))).configuration(Fixtures.acme()).build()) {
      InvocationResult r = slack(await(engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS))));
      assertEquals("0123456789abcdef", r.output());
      assertFalse(r.outputTruncated());
    }
  }

  @Test
  void outputOneCharacterOverTheCapIsCutWithAMarker() {
    runner.on("slack.py", c -> ScriptOutcome.succeeded(Map.of(), "0123456789abcdefg", false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner)
        .runnerSettings(new RunnerSettings("fake", Map.of("outputCap", 16))).configuration(Fixtures.acme()).build()) {
      InvocationResult r = slack(await(engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS))));
      assertEquals("0123456789abcdef\n[output cut at 16 characters]", r.output());
      assertTrue(r.outputTruncated());
    }
  }
}
