package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The wait before a retry: the policy's backoff doubles from {@code initialBackoff} each attempt,
 * never past {@code maxBackoff}, with jitter between half and all of it.
 */
class BackoffTest {
  private static final RetryPolicy ONE_TO_TEN = new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(10));

  private static Duration wait(RetryPolicy p, int attempt) {
    return Dispatcher.nextWait(p, attempt, Optional.empty());
  }

  private static void assertBetween(Duration low, Duration high, Duration actual) {
    assertTrue(actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0,
        actual + " is not between " + low + " and " + high);
  }

  @Test
  void theWaitBeforeTheSecondAttemptIsBetweenHalfAndAllOfTheInitialBackoff() {
    for (int i = 0; i < 50; i++) {
      assertBetween(Duration.ofMillis(500), Duration.ofSeconds(1), wait(ONE_TO_TEN, 1));
    }
  }

  @Test
  void theBackoffDoublesWithEachAttempt() {
    for (int i = 0; i < 50; i++) {
      assertBetween(Duration.ofSeconds(1), Duration.ofSeconds(2), wait(ONE_TO_TEN, 2));
      assertBetween(Duration.ofSeconds(2), Duration.ofSeconds(4), wait(ONE_TO_TEN, 3));
    }
  }

  @Test
  void theBackoffNeverExceedsMaxBackoff() {
    for (int attempt = 5; attempt < 100; attempt++) {
      assertBetween(Duration.ofSeconds(5), Duration.ofSeconds(10), wait(ONE_TO_TEN, attempt));
    }
  }

  @Test
  void aLongInitialBackoffNeverWrapsToNoWaitOnLateAttempts() {
    // 20 s doubled 29 times does not fit in a long of nanoseconds: the wait is the cap, not zero
    RetryPolicy slow = new RetryPolicy(100, Duration.ofSeconds(20), Duration.ofMinutes(5));
    for (int attempt = 1; attempt < 100; attempt++) {
      Duration w = wait(slow, attempt);
      assertTrue(w.compareTo(Duration.ofSeconds(10)) >= 0 && w.compareTo(Duration.ofMinutes(5)) <= 0,
          "attempt " + attempt + " waits " + w);
    }
  }

  @Test
  void aBackoffTooLongForNanosecondsSaturatesInsteadOfVanishing() {
    // built in code (a loaded configuration refuses it): the retry waits "forever", not at once
    RetryPolicy huge = new RetryPolicy(3, Duration.ofDays(999_999_999L), Duration.ofDays(999_999_999L));
    assertTrue(wait(huge, 1).compareTo(Duration.ofDays(365L * 100)) > 0, wait(huge, 1).toString());
  }

  @Test
  void noBackoffMeansNoWait() {
    assertEquals(Duration.ZERO, wait(new RetryPolicy(3, Duration.ZERO, Duration.ZERO), 2));
  }
}
