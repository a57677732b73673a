package io.edrplaybook.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bad-input lists of both runner issues, all at once and concurrently, beside good scripts:
 * each bad run costs one failed or timed-out record, the good ones still succeed, and no secret
 * leaks into any record.
 */
class FaultSuiteTest {
  private static final Duration SHORT = Duration.ofSeconds(2);
  private static final Duration NORMAL = Duration.ofSeconds(20);

  private static Scenario scenario() {
    Scenario s = new Scenario();
    for (String runner : List.of("jython", "cpython")) {
      String r = runner + "-";
      s.add(r + "ok", runner, "def run(ctx):\n    return {'message': 'ok ' + ctx['event']['id']}\n", NORMAL,
          Classification.MALICIOUS);
      s.add(r + "raises", runner, "def run(ctx):\n    raise ValueError('boom ' + ctx['connector']['auth']['apiKey'])\n",
          NORMAL, Classification.MALICIOUS);
      s.add(r + "set", runner, "def run(ctx):\n    return {'x': set([1])}\n", NORMAL, Classification.MALICIOUS);
      s.add(r + "exit3", runner, "import sys\ndef run(ctx):\n    sys.exit(3)\n", NORMAL, Classification.MALICIOUS);
      s.add(r + "flood", runner, "def run(ctx):\n    s = 'x' * 65536\n    for i in range(160):\n        print(s)\n"
          + "    return {'message': 'flooded'}\n", NORMAL, Classification.MALICIOUS);
      s.add(r + "loop", runner, "def run(ctx):\n    while True:\n        pass\n", SHORT, Classification.MALICIOUS);
      s.add(r + "bare-except", runner, "def run(ctx):\n    while True:\n        try:\n            while True:\n"
          + "                pass\n        except:\n            pass\n", SHORT, Classification.MALICIOUS);
      s.add(r + "sleep", runner, "import time\ndef run(ctx):\n    time.sleep(3600)\n", SHORT, Classification.MALICIOUS);
      s.add(r + "recursion", runner, "def f(n):\n    return f(n + 1)\ndef run(ctx):\n    f(0)\n", NORMAL,
          Classification.MALICIOUS);
      s.add(r + "prints-key", runner, "from __future__ import print_function\ndef run(ctx):\n"
          + "    print('key', ctx['connector']['auth']['apiKey'])\n"
          + "    return {'message': 'sent with ' + ctx['connector']['auth']['apiKey']}\n", NORMAL, Classification.MALICIOUS);
    }
    s.add("cpython-os-exit", "cpython", "import os\ndef run(ctx):\n    os._exit(3)\n", NORMAL, Classification.MALICIOUS);
    s.add("cpython-sigkill", "cpython", "import os, signal\ndef run(ctx):\n    os.kill(os.getpid(), signal.SIGKILL)\n",
        NORMAL, Classification.MALICIOUS);
    s.add("cpython-fd1", "cpython", "import os\ndef run(ctx):\n    os.write(1, b'garbage\\n{not json\\n')\n"
        + "    return {'message': 'wrote fd 1'}\n", NORMAL, Classification.MALICIOUS);
    s.add("cpython-stdin", "cpython", "import sys\ndef run(ctx):\n    data = sys.stdin.read()\n"
        + "    return {'message': 'read %d' % len(data)}\n", NORMAL, Classification.MALICIOUS);
    return s;
  }

  private static final Map<String, InvocationStatus> EXPECTED = new HashMap<>();

  static {
    for (String r : List.of("jython-", "cpython-")) {
      EXPECTED.put(r + "ok", InvocationStatus.SUCCEEDED);
      EXPECTED.put(r + "raises", InvocationStatus.FAILED);
      EXPECTED.put(r + "set", InvocationStatus.FAILED);
      EXPECTED.put(r + "exit3", InvocationStatus.FAILED);
      EXPECTED.put(r + "flood", InvocationStatus.SUCCEEDED);
      EXPECTED.put(r + "loop", InvocationStatus.TIMED_OUT);
      EXPECTED.put(r + "bare-except", InvocationStatus.TIMED_OUT);
      EXPECTED.put(r + "sleep", InvocationStatus.TIMED_OUT);
      EXPECTED.put(r + "recursion", InvocationStatus.FAILED);
      EXPECTED.put(r + "prints-key", InvocationStatus.SUCCEEDED);
    }
    EXPECTED.put("cpython-os-exit", InvocationStatus.FAILED);
    EXPECTED.put("cpython-sigkill", InvocationStatus.FAILED);
    EXPECTED.put("cpython-fd1", InvocationStatus.SUCCEEDED);
    EXPECTED.put("cpython-stdin", InvocationStatus.SUCCEEDED);
  }

  @Test
  void everyBadInputOfBothRunnersCostsOneRecordWhileGoodRunsSucceed() throws Exception {
    Scenario s = scenario();
    List<CompletableFuture<EventOutcome>> futures = new ArrayList<>();
    try (CorePlaybookEngine engine = s.engine(8).build()) {
      for (int i = 0; i < 3; i++) {
        futures.add(engine.submit(Scenario.event("fault-" + i, Classification.MALICIOUS)).toCompletableFuture());
      }
      for (int i = 0; i < 3; i++) {
        EventOutcome o = futures.get(i).get(120, TimeUnit.SECONDS);
        assertEquals(s.behaviours().size(), o.results().size(), "one record per run of event " + i);
        for (InvocationResult r : o.results()) {
          String behaviour = r.invocation().action();
          assertEquals(EXPECTED.get(behaviour), r.status(), behaviour + ": " + r.message());
          String everything = r.toString();
          assertFalse(everything.contains(Scenario.KEY_PREFIX), behaviour + " leaked its key: " + everything);
        }
        assertEquals(s.behaviours().size(), engine.history("fault-" + i).runs().size());
      }
      // the pools healed: a good run on each runner still succeeds afterwards
      EventOutcome after = engine.submit(Scenario.event("after", Classification.MALICIOUS)).toCompletableFuture()
          .get(120, TimeUnit.SECONDS);
      assertEquals(InvocationStatus.SUCCEEDED, after.result("jython-ok", "c-jython-ok").orElseThrow().status());
      assertEquals(InvocationStatus.SUCCEEDED, after.result("cpython-ok", "c-cpython-ok").orElseThrow().status());
      InvocationResult flood = after.result("cpython-flood", "c-cpython-flood").orElseThrow();
      assertTrue(flood.outputTruncated(), "10 MB of print is capped");
      InvocationResult prints = after.result("jython-prints-key", "c-jython-prints-key").orElseThrow();
      assertTrue(prints.output().contains("****"), prints.output());
    }
  }
}
