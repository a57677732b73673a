package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.ScriptOutcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An operator re-runs a run that did not succeed: a new attempt of the same run. */
class RerunTest {
  private final FakeRunner runner = new FakeRunner();
  private final CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aFailedRunIsRerunAsTheNextAttemptOfTheSameRun() {
    AtomicBoolean down = new AtomicBoolean(true);
    runner.on("fw.py", c -> down.get() ? FakeRunner.fail("HTTPError", "HTTP Error 429: Too Many Requests", false)
        : ScriptOutcome.succeeded(java.util.Map.of("message", "blocked"), "", false));
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    down.set(false);
    InvocationResult r = await(engine.rerun("acme", "ev-1", "Block Address", "Edge FW"));
    assertEquals(InvocationStatus.SUCCEEDED, r.status());
    assertEquals(2, r.invocation().attempt());
    assertEquals(Classification.MALICIOUS, r.invocation().classification());
    List<InvocationResult> fw = engine.history("acme", "ev-1").runs().stream()
        .filter(x -> x.invocation().connector().equals("Edge FW")).toList();
    assertEquals(List.of(InvocationStatus.FAILED, InvocationStatus.SUCCEEDED), fw.stream().map(x -> x.status()).toList());
    assertEquals(fw.get(0).invocation().runKey(), fw.get(1).invocation().runKey(), "the same run");
    assertTrue(await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS))).results().isEmpty(),
        "a resubmission still runs nothing again");
  }

  @Test
  void aSucceededRunIsNotRerun() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> engine.rerun(new RunKey(new EventKey("acme", "ev-1"), Classification.MALICIOUS, "Block Address",
            "Edge FW")));
    assertTrue(e.getMessage().contains("SUCCEEDED"), e.getMessage());
    assertEquals(1, runner.callsOf("fw.py").size());
  }

  @Test
  void aRunThatNeverRanIsNotRerun() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> engine.rerun("acme", "ev-1", "Block Address", "Campus NAC"));
    assertTrue(e.getMessage().contains("No run"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> engine.rerun("globex", "ev-1", "Block Address", "Edge FW"),
        "another organization's event with the same id is not this one");
  }
}
