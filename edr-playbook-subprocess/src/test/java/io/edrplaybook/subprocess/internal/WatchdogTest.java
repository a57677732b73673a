package io.edrplaybook.subprocess.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Issue 11 item 17: a worker whose deadline check throws is killed, and the watch goes on. */
class WatchdogTest {

  /** A watched worker whose check fails until it is killed. */
  private static final class Broken implements Watchdog.Watched {
    final CountDownLatch killedLatch = new CountDownLatch(1);
    final AtomicBoolean killed = new AtomicBoolean();

    @Override
    public boolean tick(long now) {
      throw new IllegalStateException("cannot read the worker's state");
    }

    @Override
    public void kill() {
      killed.set(true);
      killedLatch.countDown();
    }

    @Override
    public boolean killed() {
      return killed.get();
    }
  }

  /** A healthy watched worker: counts its ticks. */
  private static final class Healthy implements Watchdog.Watched {
    final CountDownLatch ticks = new CountDownLatch(20);

    @Override
    public boolean tick(long now) {
      ticks.countDown();
      return true;
    }

    @Override
    public void kill() {}

    @Override
    public boolean killed() {
      return false;
    }
  }

  @Test
  void aWorkerWhoseCheckThrowsIsKilledAndTheOthersStayWatched() throws InterruptedException {
    try (Watchdog watchdog = new Watchdog()) {
      Broken broken = new Broken();
      Healthy healthy = new Healthy();
      watchdog.watch(broken);
      watchdog.watch(healthy);
      assertTrue(broken.killedLatch.await(10, TimeUnit.SECONDS), "the doubtful worker was not killed");
      assertTrue(healthy.ticks.await(10, TimeUnit.SECONDS), "the watch over the others stopped");
    }
  }
}
