package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wait before a retry honours the runner's retry-after hint. */
class RetryAfterTest {
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10));

  @Test
  void withoutAHintTheWaitIsTheBackoff() {
    Duration w = Dispatcher.nextWait(FAST, 1, Optional.empty());
    assertTrue(w.compareTo(Duration.ofMillis(10)) <= 0, w.toString());
  }

  @Test
  void aHintLongerThanTheBackoffIsTheWait() {
    assertEquals(Duration.ofSeconds(2), Dispatcher.nextWait(FAST, 1, Optional.of(Duration.ofSeconds(2))));
  }

  @Test
  void aHintShorterThanTheBackoffLeavesTheBackoff() {
    RetryPolicy slow = new RetryPolicy(3, Duration.ofSeconds(20), Duration.ofSeconds(20));
    Duration w = Dispatcher.nextWait(slow, 1, Optional.of(Duration.ofSeconds(1)));
    assertTrue(w.compareTo(Duration.ofSeconds(10)) >= 0, w.toString());
  }

  @Test
  void aHintIsHonouredPastMaxBackoffUpToOneHour() {
    assertEquals(Duration.ofSeconds(30), Dispatcher.nextWait(FAST, 1, Optional.of(Duration.ofSeconds(30))));
    assertEquals(ScriptOutcome.MAX_RETRY_AFTER, Dispatcher.nextWait(FAST, 1, Optional.of(Duration.ofDays(2))));
  }

  @Test
  void theRunnersHintReachesTheWaitBeforeTheNextAttempt() throws Exception {
    ScriptRunner runner = TaskFixtures.runner(call -> ScriptOutcome.failed(
        new ScriptError("HTTPError", "HTTP Error 429: Too Many Requests", "", true), "", false)
        .withRetryAfter(Duration.ofSeconds(2)));
    Action action = TaskFixtures.action(FAST);
    Target target = TaskFixtures.target(action, runner);
    TaskFixtures.Sink sink = new TaskFixtures.Sink();
    Invocation first = TaskFixtures.invocation("run-1");
    CompletableFuture<Duration> scheduled = new CompletableFuture<>();
    try (Dispatcher d = new Dispatcher(sink, 1, 10, Clock.systemUTC())) {
      d.onRetryScheduled((next, wait) -> scheduled.complete(wait));
      var chain = d.dispatch(first, target, action, SecretMasker.of(List.of()), TaskFixtures::call);
      assertEquals(Duration.ofSeconds(2), scheduled.get(30, TimeUnit.SECONDS));
      d.close(Duration.ZERO);
      assertEquals(List.of(InvocationStatus.FAILED),
          chain.get(30, TimeUnit.SECONDS).results().stream().map(InvocationResult::status).toList());
    }
  }
}
