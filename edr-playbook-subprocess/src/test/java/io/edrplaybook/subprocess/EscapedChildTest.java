package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The deadline holds even against a process that escaped the worker's group and descendants
 * (libc fork, which skips Python's at-fork hooks, then setsid and a double fork) while holding
 * the worker's channel open.
 */
class EscapedChildTest {
  private static final String ESCAPE = "import ctypes, os, time\n"
      + "def run(ctx):\n"
      + "    libc = ctypes.CDLL(None)\n"
      + "    if libc.fork() == 0:\n"
      + "        os.setsid()\n"
      + "        if libc.fork() != 0:\n"
      + "            os._exit(0)\n"
      + "        with open(ctx['pidFile'], 'w') as f:\n"
      + "            f.write(str(os.getpid()))\n"
      + "        time.sleep(600)\n"
      + "        os._exit(0)\n"
      + "    while not os.path.exists(ctx['pidFile']):\n"
      + "        time.sleep(0.01)\n"
      + "    time.sleep(3600)\n";

  @Test
  void runReturnsTimedOutAndTheEscapedHolderOfTheChannelIsKilled(@TempDir Path dir) throws IOException {
    Path pidFile = dir.resolve("escaped.pid");
    try (ScriptRunner runner = Pythons.runner("workers", 1, "grace", "PT2S", "pidNamespace", "off")) {
      ScriptOutcome o = assertTimeoutPreemptively(Duration.ofSeconds(15),
          () -> Pythons.run(runner, Pythons.compile(runner, "escape.py", ESCAPE),
              Map.of("pidFile", pidFile.toString()), Duration.ofMillis(1500)));
      assertEquals(Status.TIMED_OUT, o.status(), o::toString);
      long escaped = Long.parseLong(Files.readString(pidFile).trim());
      assertTrue(Pythons.gone(escaped), "escaped process " + escaped + " must be killed");
    }
  }
}
