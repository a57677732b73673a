package io.edrplaybook.core.internal.engine;

import static io.edrplaybook.core.internal.engine.TaskFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which runs give their claim back when they end: only a freshly claimed one whose attempts never
 * started; once an attempt started, the key stays claimed (the action ran; it does not run again).
 */
class ClaimGivenBackTest {
  private final TaskFixtures.Sink sink = new TaskFixtures.Sink();

  private static Dispatcher.ChainResult get(CompletableFuture<Dispatcher.ChainResult> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  /** Dispatches run-2 while run-1 holds the one slot of a lane that keeps no queue: run-2 is refused. */
  private Dispatcher.ChainResult refusedBehindABusyLane(boolean freshClaim) throws Exception {
    return refusedBehindABusyLane(freshClaim, RetryPolicy.NONE);
  }

  /** As above, for an action with {@code retry}: each attempt of run-2 is refused while run-1 runs. */
  private Dispatcher.ChainResult refusedBehindABusyLane(boolean freshClaim, RetryPolicy retry) throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Action action = TaskFixtures.action(retry);
    Target blocking = TaskFixtures.target(action, TaskFixtures.runner(c -> {
      busy.countDown();
      await(release);
      return ScriptOutcome.succeeded(Map.of(), "", false);
    }));
    try (Dispatcher d = new Dispatcher(sink, 1, 0, Clock.systemUTC())) {
      var first = d.dispatch(TaskFixtures.invocation("run-1"), blocking, action, SecretMasker.of(List.of()),
          TaskFixtures::call, true);
      await(busy);
      Dispatcher.ChainResult second = get(d.dispatch(TaskFixtures.invocation("run-2"), blocking, action,
          SecretMasker.of(List.of()), TaskFixtures::call, freshClaim));
      release.countDown();
      get(first);
      d.close(Duration.ZERO);
      return second;
    } finally {
      release.countDown();
    }
  }

  @Test
  void aFreshlyClaimedRunRefusedBeforeItStartedGivesItsClaimBack() throws Exception {
    Dispatcher.ChainResult r = refusedBehindABusyLane(true);
    assertEquals(InvocationStatus.REJECTED, r.results().get(0).status());
    assertFalse(r.everStarted());
    assertTrue(sink.releasesClaim.get("run-2"));
  }

  @Test
  void aRunDispatchedWithoutAFreshClaimNeverGivesTheClaimBack() throws Exception {
    Dispatcher.ChainResult r = refusedBehindABusyLane(false);
    assertEquals(InvocationStatus.REJECTED, r.results().get(0).status());
    assertFalse(sink.releasesClaim.get("run-2"));
  }

  @Test
  void aRetryOfAFreshlyClaimedRunThatNeverStartedClaimsTheKeyAgainFirst() throws Exception {
    Dispatcher.ChainResult r = refusedBehindABusyLane(true, new RetryPolicy(2, Duration.ZERO, Duration.ZERO));
    assertEquals(List.of(InvocationStatus.REJECTED, InvocationStatus.REJECTED),
        r.results().stream().map(InvocationResult::status).toList());
    assertEquals(List.of(r.results().get(1).invocation().id()), sink.reclaimed,
        "the first attempt gave its claim back: the retry claimed the key again before it was tried");
  }

  @Test
  void aRetryWhoseKeyAnotherSubmissionClaimedMeanwhileIsNotTried() throws Exception {
    sink.reclaimable = false;
    Dispatcher.ChainResult r = refusedBehindABusyLane(true, new RetryPolicy(2, Duration.ZERO, Duration.ZERO));
    assertEquals(List.of(InvocationStatus.REJECTED), r.results().stream().map(InvocationResult::status).toList());
    assertEquals(1, sink.reclaimed.size());
  }

  @Test
  void aRetryOfARunWithoutAFreshClaimDoesNotClaimAgain() throws Exception {
    Dispatcher.ChainResult r = refusedBehindABusyLane(false, new RetryPolicy(2, Duration.ZERO, Duration.ZERO));
    assertEquals(2, r.results().size());
    assertEquals(List.of(), sink.reclaimed, "its claim was never given back");
  }

  @Test
  void aRetryThatNeverStartedAfterAnAttemptThatStartedKeepsTheClaim() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Action action = TaskFixtures.action(new RetryPolicy(2, Duration.ZERO, Duration.ZERO));
    Target target = TaskFixtures.target(action, TaskFixtures.runner(c -> {
      calls.incrementAndGet();
      throw new RunnerUnavailableException("no worker", null);
    }));
    sink.failStart.add(2); // the second attempt's start cannot be recorded: it never starts
    try (Dispatcher d = new Dispatcher(sink, 1, 10, Clock.systemUTC())) {
      Dispatcher.ChainResult r = get(d.dispatch(TaskFixtures.invocation("run-1"), target, action,
          SecretMasker.of(List.of()), TaskFixtures::call, true));
      d.close(Duration.ZERO);
      assertEquals(List.of(InvocationStatus.REJECTED, InvocationStatus.FAILED),
          r.results().stream().map(InvocationResult::status).toList());
      assertEquals(1, calls.get());
      assertTrue(r.everStarted());
      String retry = r.results().get(1).invocation().id();
      assertFalse(sink.releasesClaim.get(retry), "the first attempt was handed to its runner: the claim stays");
    }
  }
}
