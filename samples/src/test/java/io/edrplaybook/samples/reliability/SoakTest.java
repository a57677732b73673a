package io.edrplaybook.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.InMemoryJournal;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of events through both runners with a mix of succeeding, failing, hanging and
 * crashing scripts: every submitted (event, action, connector) ends in exactly one terminal
 * record, none twice, and after close no thread or process is left and the heap is back near its
 * baseline. The short version runs in {@code mvn verify}; {@code -Dgroups=long-soak -Dsoak.exclude=none} runs the long one.
 */
class SoakTest {
  /** Events in flight at most, so the lanes' queues (10 000 runs) never overflow. */
  private static final int IN_FLIGHT = 1_000;

  private static Scenario scenario() {
    Duration normal = Duration.ofSeconds(20);
    Duration hang = Duration.ofMillis(300);
    return new Scenario()
        .add("jython-ok", "jython", "def run(ctx):\n    return {'message': 'ok', 'id': ctx['event']['id']}\n", normal,
            Classification.values())
        .add("cpython-ok", "cpython", "def run(ctx):\n    return {'message': 'ok', 'id': ctx['event']['id']}\n", normal,
            Classification.values())
        .add("jython-fails", "jython", "def run(ctx):\n    raise RuntimeError('no')\n", normal,
            Classification.MALICIOUS, Classification.SUSPICIOUS)
        .add("cpython-fails", "cpython", "def run(ctx):\n    raise RuntimeError('no')\n", normal,
            Classification.MALICIOUS, Classification.SUSPICIOUS)
        .add("jython-hangs", "jython", "def run(ctx):\n    while True:\n        pass\n", hang, Classification.PUP)
        .add("cpython-hangs", "cpython", "import time\ndef run(ctx):\n    time.sleep(3600)\n", hang, Classification.PUP)
        .add("cpython-crashes", "cpython", "import os\ndef run(ctx):\n    os._exit(7)\n", normal, Classification.PUP);
  }

  @Test
  void shortSoakLeavesExactlyOneRecordPerRunAndNothingBehind() throws Exception {
    soak(1_500, 12);
  }

  @Test
  @Tag("long-soak")
  void longSoakLeavesExactlyOneRecordPerRunAndNothingBehind() throws Exception {
    soak(20_000, 100);
  }

  private static Set<String> ourThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("edr-playbook") || n.toLowerCase().contains("jython") || n.contains("cpython"))
        .collect(Collectors.toSet());
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void soak(int events, int hangingEvents) throws Exception {
    Scenario s = scenario();
    Set<String> threadsBefore = ourThreads();
    long heapBefore = usedHeap();
    InMemoryJournal journal = new InMemoryJournal();
    Classification[] mix = {Classification.MALICIOUS, Classification.SUSPICIOUS, Classification.INCONCLUSIVE,
        Classification.LIKELY_SAFE};
    Map<String, Integer> expectedRuns = new HashMap<>();
    List<CompletableFuture<EventOutcome>> futures = new ArrayList<>();
    try (CorePlaybookEngine engine = s.engine(4).journal(journal).build()) {
      for (int i = 0; i < events; i++) {
        Classification c = i % (events / hangingEvents) == 0 ? Classification.PUP : mix[i % mix.length];
        String id = "soak-" + i;
        int n = (int) s.behaviours().stream().filter(b -> b.on().contains(c)).count();
        expectedRuns.put(id, n);
        if (futures.size() >= IN_FLIGHT) {
          // a host keeps a bounded number of events in flight: wait for the oldest one
          futures.get(futures.size() - IN_FLIGHT).get(300, TimeUnit.SECONDS);
        }
        futures.add(engine.submit(Scenario.event(id, c)).toCompletableFuture());
        if (i % 7 == 0) {
          // resubmissions must not run anything twice
          futures.add(engine.submit(Scenario.event(id, c)).toCompletableFuture());
        }
      }
      for (CompletableFuture<EventOutcome> f : futures) {
        f.get(300, TimeUnit.SECONDS);
      }
      for (Map.Entry<String, Integer> e : expectedRuns.entrySet()) {
        List<InvocationResult> runs = engine.history(e.getKey()).runs();
        assertEquals(e.getValue().intValue(), runs.size(), "terminal records of " + e.getKey() + ": " + runs);
        long distinct = runs.stream().map(r -> r.invocation().runKey()).distinct().count();
        assertEquals(runs.size(), distinct, "a run recorded twice for " + e.getKey());
      }
    }
    assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
        "python processes left behind: " + ProcessHandle.current().descendants().map(p -> p.pid() + " "
            + p.info().commandLine().orElse("?")).toList());
    Set<String> left = ourThreads();
    left.removeAll(threadsBefore);
    assertTrue(left.isEmpty(), "threads left behind: " + left);
    journal = null;
    futures.clear();
    long heapAfter = usedHeap();
    assertTrue(heapAfter < heapBefore + 96L * 1024 * 1024,
        "heap not back near its baseline: " + heapBefore / 1024 / 1024 + " MiB before, " + heapAfter / 1024 / 1024
            + " MiB after");
  }
}
