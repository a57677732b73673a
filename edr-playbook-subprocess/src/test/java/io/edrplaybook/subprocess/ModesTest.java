package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pooled workers are reused and recycled; isolated mode runs every call in a new process. */
class ModesTest {
  private static final String PID_AND_MARK = "import os, sys\ndef run(ctx):\n"
      + "    before = getattr(sys, '_edr_test_mark', False)\n    sys._edr_test_mark = True\n"
      + "    return {'pid': os.getpid(), 'marked_before': before}\n";

  private static List<Map<String, Object>> runs(ScriptRunner runner, int n) {
    CompiledScript script = Pythons.compile(runner, "mark.py", PID_AND_MARK);
    List<Map<String, Object>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(Pythons.run(runner, script, Map.of(), Duration.ofSeconds(20)).result().orElseThrow());
    }
    return results;
  }

  @Test
  void pooledModeReusesOneWorkerProcess() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off")) {
      List<Map<String, Object>> results = runs(runner, 4);
      assertEquals(1, results.stream().map(r -> r.get("pid")).distinct().count(), results::toString);
    }
  }

  @Test
  void isolatedModeRunsEveryCallInANewProcess() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "mode", "isolated", "pidNamespace", "off")) {
      List<Map<String, Object>> results = runs(runner, 3);
      assertEquals(3, results.stream().map(r -> r.get("pid")).distinct().count(), results::toString);
      assertTrue(results.stream().noneMatch(r -> Boolean.TRUE.equals(r.get("marked_before"))),
          "nothing survives a run in isolated mode: " + results);
    }
  }

  @Test
  void pooledWorkerIsReplacedAfterRunsPerWorker() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "runsPerWorker", 3, "pidNamespace", "off")) {
      List<Map<String, Object>> results = runs(runner, 10);
      Map<Object, Integer> perPid = new HashMap<>();
      results.forEach(r -> perPid.merge(r.get("pid"), 1, Integer::sum));
      assertTrue(perPid.size() >= 2, "the worker must have been replaced: " + perPid);
      // a worker keeps serving until its replacement is ready, so allow a few more than 3
      assertTrue(perPid.values().stream().allMatch(n -> n <= 6), "runs per worker: " + perPid);
    }
  }
}
