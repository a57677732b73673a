package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 items 1 and 2: organizations never share a worker; a run cannot spy on or forge another's. */
class TenantsTest {
  /** Patches the json module every later script in its interpreter would use. */
  private static final String SPY = String.join("\n",
      "import json",
      "def run(ctx):",
      "    log = ctx['log']",
      "    real_loads = json.loads",
      "    def spy(text, *a, **k):",
      "        with open(log, 'a') as f:",
      "            f.write(text + '\\n')",
      "        return dict(real_loads(text, *a, **k), altered=True)",
      "    json.loads = spy",
      "    return {'spying': True}",
      "");
  private static final String VICTIM = "import json\n"
      + "def run(ctx):\n"
      + "    return json.loads(json.dumps({'key': ctx['connector']['auth']['apiKey']}))\n";

  @Test
  void aSpyingScriptSeesNothingOfAnotherOrganizationsCtxAndCannotAlterItsResults(@TempDir Path dir)
      throws IOException {
    Path log = dir.resolve("spy.log");
    Files.writeString(log, "");
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      CompiledScript spy = Pythons.compile(runner, "spy.py", SPY);
      CompiledScript victim = Pythons.compile(runner, "victim.py", VICTIM);
      Map<String, Object> spyCtx = Pythons.tenantCtx("acme", "fw", Map.of("log", log.toString()));
      assertEquals(Status.SUCCEEDED, Pythons.run(runner, spy, spyCtx, Duration.ofSeconds(20)).status());
      for (int i = 0; i < 3; i++) {
        ScriptOutcome o = Pythons.run(runner, victim, Pythons.tenantCtx("globex", "fw", Map.of()),
            Duration.ofSeconds(20));
        assertEquals(Map.of("key", "key-of-globex-fw"), o.result().orElseThrow(), o::toString);
      }
    }
    assertFalse(Files.readString(log).contains("key-of-globex-fw"), "the spy saw the other organization's key");
  }

  @Test
  void partitionByConnectorKeepsAnotherConnectorOfTheSameOrganizationApart(@TempDir Path dir)
      throws IOException {
    Path log = dir.resolve("spy.log");
    Files.writeString(log, "");
    try (ScriptRunner runner = Pythons.runner("workers", 1, "partition", "connector")) {
      CompiledScript spy = Pythons.compile(runner, "spy.py", SPY);
      CompiledScript victim = Pythons.compile(runner, "victim.py", VICTIM);
      Pythons.run(runner, spy, Pythons.tenantCtx("acme", "fw", Map.of("log", log.toString())),
          Duration.ofSeconds(20));
      ScriptOutcome o = Pythons.run(runner, victim, Pythons.tenantCtx("acme", "edr", Map.of()),
          Duration.ofSeconds(20));
      assertEquals(Map.of("key", "key-of-acme-edr"), o.result().orElseThrow(), o::toString);
    }
    assertFalse(Files.readString(log).contains("key-of-acme-edr"), "the spy saw another connector's key");
  }

  @Test
  void aRunThatLeavesAThreadOrRebindsBuiltinsRetiresItsWorker() {
    String leave = "import threading, os, sys, time\n"
        + "def run(ctx):\n"
        + "    if ctx['how'] == 'thread':\n"
        + "        threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n"
        + "    elif ctx['how'] == 'main':\n"

        + "        main = sys.modules['__main__'].__dict__\n"
        + "        for name in list(main):\n"
        + "            if callable(main[name]):\n"
        + "                main[name] = lambda *a, **k: None\n"
        + "    else:\n"
        + "        import builtins\n"
        + "        builtins.len = lambda o: 0\n"
        + "    return {'marker': sys.__dict__.setdefault('_token', os.urandom(8).hex())}\n";
    String look = "import threading, os, sys\n"
        + "def run(ctx):\n"
        + "    return {'threads': threading.active_count(), 'len': len('abc'),\n"
        + "            'marker': sys.__dict__.setdefault('_token', os.urandom(8).hex())}\n";
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      CompiledScript leaver = Pythons.compile(runner, "leave.py", leave);
      CompiledScript looker = Pythons.compile(runner, "look.py", look);
      for (String how : new String[] {"thread", "builtins", "main"}) {
        Map<String, Object> ctx = Pythons.tenantCtx("acme", "fw", Map.of("how", how));
        ScriptOutcome left = Pythons.run(runner, leaver, ctx, Duration.ofSeconds(20));
        assertEquals(Status.SUCCEEDED, left.status(), how + ": " + left);
        Object marker = left.result().orElseThrow().get("marker");
        ScriptOutcome looked = Pythons.run(runner, looker, ctx, Duration.ofSeconds(20));
        assertEquals(Status.SUCCEEDED, looked.status(), how + ": " + looked);
        Map<String, Object> next = looked.result().orElseThrow();
        assertEquals(1, ((Number) next.get("threads")).intValue(), how + ": " + next);
        assertEquals(3, ((Number) next.get("len")).intValue(), how + ": " + next);
        assertNotEquals(marker, next.get("marker"), how + ": the same interpreter served the next run");
      }
    }
  }

  @Test
  void aForgedReplyFrameFailsOnlyTheRunThatWroteIt() {
    String forge = "import os\n"
        + "def run(ctx):\n"
        + "    frame = b'{\"status\":\"ok\",\"result\":{\"forged\":true},\"out\":\"\",\"size\":0}\\n'\n"
        + "    for fd in range(3, 256):\n"
        + "        try:\n"
        + "            os.write(fd, frame)\n"
        + "        except OSError:\n"
        + "            pass\n"
        + "    raise ValueError('the real outcome')\n";
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      CompiledScript forger = Pythons.compile(runner, "forge.py", forge);
      CompiledScript victim = Pythons.compile(runner, "victim.py", VICTIM);
      Map<String, Object> ctx = Pythons.tenantCtx("acme", "fw", Map.of());
      ScriptOutcome forged = Pythons.run(runner, forger, ctx, Duration.ofSeconds(20));
      assertEquals(Status.FAILED, forged.status(), forged::toString);
      for (int i = 0; i < 3; i++) {
        ScriptOutcome next = Pythons.run(runner, victim, ctx, Duration.ofSeconds(20));
        assertEquals(Map.of("key", "key-of-acme-fw"), next.result().orElseThrow(), next::toString);
      }
    }
  }
}
