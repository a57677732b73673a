package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 items 3 to 6: what a run starts ends with it; the host and the bootstrap are out of reach. */
class ContainmentTest {
  /** Forks, setsid, forks again: the grandchild (a sleep marked in its environment) escapes group and parent. */
  private static final String DAEMON = "import os, time\n"
      + "def run(ctx):\n"
      + "    if os.fork() == 0:\n"
      + "        os.setsid()\n"
      + "        if os.fork() == 0:\n"
      + "            os.execve('/bin/sh', ['sh', '-c', 'touch \"$F\"; exec sleep 300'],\n"
      + "                      {'EDR_TEST_MARK': ctx['mark'], 'F': ctx['started']})\n"
      + "        os._exit(0)\n"
      + "    while not os.path.exists(ctx['started']):\n"
      + "        time.sleep(0.01)\n"
      + "    if ctx['wait']:\n"
      + "        time.sleep(300)\n"
      + "    return {'left': 'a daemon'}\n";

  @Test
  @EnabledIf("io.edrplaybook.subprocess.Pythons#hasPidNamespaces")
  void aDoubleForkedDaemonIsGoneAfterTheDeadline(@TempDir Path dir) {
    String mark = UUID.randomUUID().toString();
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      ScriptOutcome o = Pythons.run(runner, Pythons.compile(runner, "daemon.py", DAEMON),
          Map.of("mark", mark, "wait", true, "started", dir.resolve("started").toString()),
          Duration.ofMillis(1500));
      assertEquals(Status.TIMED_OUT, o.status(), o::toString);
      assertEquals(List.of(), Pythons.awaitNoProcessMarked(mark), "the daemon outlived the run");
    }
  }

  @Test
  @EnabledIf("io.edrplaybook.subprocess.Pythons#hasPidNamespaces")
  void aRunThatReturnsAtOnceLeavingADaemonRetiresItsWorkerAndTheDaemonDies(@TempDir Path dir) {
    String mark = UUID.randomUUID().toString();
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      ScriptOutcome o = Pythons.run(runner, Pythons.compile(runner, "daemon.py", DAEMON),
          Map.of("mark", mark, "wait", false, "started", dir.resolve("started").toString()),
          Duration.ofSeconds(20));
      assertEquals(Status.SUCCEEDED, o.status(), o::toString);
      assertEquals(List.of(), Pythons.awaitNoProcessMarked(mark), "the daemon outlived the run");
    }
  }

  @Test
  @EnabledIf("io.edrplaybook.subprocess.Pythons#hasPidNamespaces")
  void aScriptCannotSignalOrInspectTheHost() {
    long host = ProcessHandle.current().pid();
    String probe = "import os, signal\n"
        + "def run(ctx):\n"
        + "    r = {'parent': os.getppid()}\n"
        + "    try:\n"
        + "        os.kill(ctx['host'], 0)\n"
        + "        r['signal'] = True\n"
        + "    except OSError:\n"
        + "        r['signal'] = False\n"
        + "    try:\n"
        + "        open('/proc/%d/environ' % ctx['host'], 'rb').read()\n"
        + "        r['environ'] = True\n"
        + "    except (IOError, OSError):\n"
        + "        r['environ'] = False\n"
        + "    os.kill(os.getppid(), signal.SIGKILL)\n"
        + "    r['visible'] = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        + "    return r\n";
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      ScriptOutcome o = Pythons.run(runner, Pythons.compile(runner, "probe.py", probe),
          Map.of("host", host), Duration.ofSeconds(20));
      assertEquals(Status.SUCCEEDED, o.status(), o::toString);
      Map<String, Object> r = o.result().orElseThrow();
      assertEquals(false, r.get("signal"), "the script could signal the host: " + r);
      assertEquals(false, r.get("environ"), "the script could read the host's environment: " + r);
      assertFalse(((List<?>) r.get("visible")).contains((int) host), "the host is visible: " + r);
      assertTrue(ProcessHandle.current().isAlive());
    }
  }

  @Test
  void aScriptThatRewritesTheBootstrapDoesNotAffectTheNextWorker() {
    String rewrite = "import os\n"
        + "def run(ctx):\n"
        + "    hit = []\n"
        + "    for d in (os.getcwd(), os.path.dirname(os.getcwd())):\n"
        + "        for name in os.listdir(d):\n"
        + "            p = os.path.join(d, name)\n"
        + "            if name.endswith('.py') and os.path.isfile(p):\n"
        + "                with open(p, 'w') as f:\n"
        + "                    f.write('import os\\nos._exit(7)\\n')\n"
        + "                hit.append(p)\n"
        + "        with open(os.path.join(d, 'bootstrap.py'), 'w') as f:\n"
        + "            f.write('import os\\nos._exit(7)\\n')\n"
        + "    return {'rewrote': hit}\n";
    try (ScriptRunner runner = Pythons.runner("workers", 1, "mode", "isolated")) {
      CompiledScript attacker = Pythons.compile(runner, "rewrite.py", rewrite);
      CompiledScript next = Pythons.compile(runner, "next.py", "def run(ctx):\n    return {'ok': 1}\n");
      assertEquals(Status.SUCCEEDED, Pythons.run(runner, attacker, Map.of(), Duration.ofSeconds(20)).status());
      ScriptOutcome o = Pythons.run(runner, next, Map.of(), Duration.ofSeconds(20));
      assertEquals(Map.of("ok", 1), o.result().orElseThrow(), o::toString);
    }
  }

  @Test
  void aScriptCannotRaiseItsMemoryLimit() {
    String grab = "import resource\n"
        + "def run(ctx):\n"
        + "    soft, hard = resource.getrlimit(resource.RLIMIT_AS)\n"
        + "    try:\n"
        + "        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))\n"
        + "    except (ValueError, OSError):\n"
        + "        pass\n"
        + "    try:\n"
        + "        block = bytearray(600 * 1024 * 1024)\n"
        + "        return {'allocated': len(block)}\n"
        + "    except MemoryError:\n"
        + "        return {'allocated': 0, 'hard': hard}\n";
    try (ScriptRunner runner = Pythons.runner("workers", 1, "memoryLimit", "256mb")) {
      ScriptOutcome o = Pythons.run(runner, grab, Map.of());
      assertEquals(0, ((Number) o.result().orElseThrow().get("allocated")).intValue(), o::toString);
      assertEquals(256L << 20, ((Number) o.result().orElseThrow().get("hard")).longValue());
    }
  }
}
