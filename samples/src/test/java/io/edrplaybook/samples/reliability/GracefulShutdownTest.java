package io.edrplaybook.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.PlaybookListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() stops intake, waits its grace, stops what still runs on both runners, one record each. */
class GracefulShutdownTest {

  @Test
  void closeStopsHangingRunsOnBothRunnersAndLeavesOneRecordEach() throws Exception {
    Duration long60 = Duration.ofSeconds(60);
    Scenario s = new Scenario()
        .add("jython-ok", "jython", "def run(ctx):\n    return {'message': 'ok'}\n", long60, Classification.MALICIOUS)
        .add("jython-hangs", "jython", "def run(ctx):\n    while True:\n        pass\n", long60, Classification.MALICIOUS)
        .add("cpython-hangs", "cpython", "import time\ndef run(ctx):\n    time.sleep(3600)\n", long60,
            Classification.MALICIOUS);
    CountDownLatch started = new CountDownLatch(2);
    CorePlaybookEngine engine = s.engine(4).closeGrace(Duration.ofMillis(300)).listener(new PlaybookListener() {
      @Override
      public void onStarted(io.edrplaybook.api.InvocationStarted st) {
        if (st.invocation().action().endsWith("hangs")) {
          started.countDown();
        }
      }
    }).build();
    List<CompletableFuture<EventOutcome>> futures = new ArrayList<>();
    futures.add(engine.submit(Scenario.event("stop-1", Classification.MALICIOUS)).toCompletableFuture());
    assertTrue(started.await(60, TimeUnit.SECONDS), "the hanging runs never started");
    engine.close();
    EventOutcome o = futures.get(0).get(30, TimeUnit.SECONDS);
    assertEquals(3, o.results().size());
    for (InvocationResult r : o.results()) {
      InvocationStatus expected = r.invocation().action().equals("jython-ok")
          ? InvocationStatus.SUCCEEDED : InvocationStatus.CANCELLED;
      assertEquals(expected, r.status(), r.invocation().action() + ": " + r.message());
    }
    assertEquals(3, engine.history("stop-1").runs().size());
    assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
        "python workers still alive after close");
  }
}
