package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run awaiting approval survives a stop and start of the engine on a file journal. */
class ApprovalRestartTest {
  @TempDir
  Path dir;

  @Test
  void aRunAwaitingApprovalAcrossARestartIsApprovedOnTheNewEngineAndRunsOnce() {
    FakeRunner runner = new FakeRunner();
    var cfg = ApprovalGatesTest.gated(ApprovalGate.of(Duration.ofHours(4), ApprovalGate.OnExpiry.DENY));
    try (FileJournal journal = FileJournal.open(dir);
        CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(cfg).build()) {
      assertEquals(1, await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)))
          .awaiting().size());
    }
    FakeRunner after = new FakeRunner();
    try (FileJournal journal = FileJournal.open(dir);
        CorePlaybookEngine engine = Fixtures.engine(after).journal(journal).configuration(cfg).build()) {
      assertEquals(List.of(ApprovalGatesTest.FW), engine.pending("acme").stream().map(a -> a.runKey()).toList(),
          "still pending after the restart");
      assertEquals(0, await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)))
          .awaiting().size(), "a resubmission after the restart asks nothing again");
      InvocationResult r = await(engine.approve(ApprovalGatesTest.FW, "alice", "ok"));
      assertEquals(InvocationStatus.SUCCEEDED, r.status());
      assertEquals(1, after.callsOf("fw.py").size(), "it ran once, on the new engine");
      assertEquals(0, runner.callsOf("fw.py").size(), "and never on the old one");
    }
    try (FileJournal journal = FileJournal.open(dir)) {
      var history = journal.history(ApprovalGatesTest.FW.event());
      assertEquals(1, history.stream().filter(e -> e instanceof ApprovalDecision d
          && d.by().equals("alice")).count(), "the decision is in the history after another restart");
      assertEquals(List.of(), journal.pending("acme"));
    }
  }
}
