package io.edrplaybook.jython.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.jython.JythonSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slot replacement that fails is tried again: the pool never shrinks for good. */
class SlotPoolTest {
  @TempDir
  Path scratch;

  /** Starts real slots, except that start number {@code failing} throws. */
  private Supplier<Slot> failingAt(int failing, AtomicInteger starts, CountDownLatch afterFailure) {
    JythonSettings settings = new JythonSettings(1, 1024, List.of(), false, Duration.ofMillis(300));
    SlotConfig config = new SlotConfig(settings, null, scratch.toString(), Map.of());
    return () -> {
      int n = starts.incrementAndGet();
      if (n == failing) {
        throw new PlaybookException("injected: slot " + n + " could not be set up");
      }
      if (n > failing) {
        afterFailure.countDown();
      }
      return Slot.start(config);
    };
  }

  @Test
  void aFailedReplacementIsMadeWhenACallFindsNoIdleSlot() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    SlotPool pool = new SlotPool(1, failingAt(2, starts, new CountDownLatch(1)), 300, false);
    try {
      Slot only = pool.acquire(TimeUnit.SECONDS.toNanos(10));
      pool.retire(only, "retired by the test");
      Slot replacement = pool.acquire(TimeUnit.SECONDS.toNanos(30));
      assertNotNull(replacement, "the pool must make the slot it failed to replace");
      assertEquals(3, starts.get(), "one start failed, the next one replaced the slot");
      assertEquals(0, pool.owed());
    } finally {
      pool.close();
    }
  }

  @Test
  void aFailedReplacementIsTriedAgainWithoutACall() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    CountDownLatch retried = new CountDownLatch(1);
    SlotPool pool = new SlotPool(1, failingAt(2, starts, retried), 300, false);
    try {
      pool.retire(pool.acquire(TimeUnit.SECONDS.toNanos(10)), "retired by the test");
      assertTrue(retried.await(30, TimeUnit.SECONDS), "the failed replacement must be retried");
      assertNotNull(pool.acquire(TimeUnit.SECONDS.toNanos(30)));
    } finally {
      pool.close();
    }
  }
}
