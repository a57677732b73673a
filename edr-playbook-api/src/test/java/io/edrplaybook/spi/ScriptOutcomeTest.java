package io.edrplaybook.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptError;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The retry-after hint an outcome may carry. */
class ScriptOutcomeTest {
  private static final ScriptOutcome FAILED = ScriptOutcome.failed(ScriptError.of("HTTPError", "429"), "", false);

  @Test
  void theFiveComponentConstructorAndTheFactoriesCarryNoHint() {
    assertEquals(Optional.empty(), FAILED.retryAfter());
    assertEquals(Optional.empty(), new ScriptOutcome(ScriptOutcome.Status.FAILED, Optional.empty(), "", false,
        Optional.of(ScriptError.of("E", "m"))).retryAfter());
  }

  @Test
  void withRetryAfterCopiesTheOutcomeWithTheHint() {
    ScriptOutcome o = FAILED.withRetryAfter(Duration.ofSeconds(3));
    assertEquals(Optional.of(Duration.ofSeconds(3)), o.retryAfter());
    assertEquals(FAILED.error(), o.error());
    assertEquals(Optional.empty(), o.withRetryAfter(null).retryAfter());
  }

  @Test
  void aHintOutsideZeroToOneHourOrOnASuccessIsRefused() {
    IllegalArgumentException over = assertThrows(IllegalArgumentException.class,
        () -> FAILED.withRetryAfter(Duration.ofHours(2)));
    assertTrue(over.getMessage().contains("PT2H"), over.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FAILED.withRetryAfter(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class,
        () -> ScriptOutcome.succeeded(null, "", false).withRetryAfter(Duration.ofSeconds(1)));
  }
}
