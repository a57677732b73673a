package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host killed with SIGKILL mid-run: the new engine reports the interrupted run and runs nothing twice. */
class CrashTest {
  @TempDir
  Path dir;

  @Test
  void hostKilledMidRunLeavesAnInterruptedRecordAndNothingRunsTwice() throws Exception {
    Path file = dir.resolve("journal.jsonl");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), file.toString()).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("STARTED")) {
        // skip the child's log lines
      }
      assertEquals("STARTED", line, "the child never started its run");
      child.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no close
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    FakeRunner runner = new FakeRunner();
    try (FileJournal journal = FileJournal.open(file);
        CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(Fixtures.acme()).build()) {
      List<InvocationResult> runs = engine.history("ev-crash").runs();
      InvocationResult fw = runs.stream().filter(r -> r.invocation().connector().equals("Edge FW")).findFirst()
          .orElseThrow(() -> new AssertionError("no record of the firewall run: " + runs));
      assertEquals(InvocationStatus.INTERRUPTED, fw.status());
      EventOutcome again = await(engine.submit(Fixtures.event("ev-crash", "acme", "Laptops", Classification.MALICIOUS)));
      List<String> ranAgain = again.results().stream().map(r -> r.invocation().connector()).toList();
      assertTrue(!ranAgain.contains("Edge FW"), "the interrupted firewall run must not run again: " + ranAgain);
      long terminalPerKey = engine.history("ev-crash").runs().stream()
          .filter(r -> r.invocation().connector().equals("Edge FW")).count();
      assertEquals(1, terminalPerKey);
      // runs that never started before the crash (queued behind the firewall) may run now, once
      for (InvocationResult r : again.results()) {
        assertEquals(InvocationStatus.SUCCEEDED, r.status());
      }
      assertEquals(again.results().size(), runner.calls.size());
    }
  }
}
