package io.edrplaybook.subprocess.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The after-run check of a worker from {@code /proc}, through files held open: a thread more
 * than at start, a child process, or a process that is gone is never clean. Real processes.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "skipped: /proc checks are Linux only")
class ProcWatchTest {
  /** Starts what argv[1] says, prints "ready", and lives (with its child) until stdin closes. */
  private static final String HOLDER = "import sys, threading, subprocess\n"
      + "if sys.argv[1] == 'thread':\n"
      + "    threading.Thread(target=sys.stdin.read, daemon=True).start()\n"
      + "elif sys.argv[1] == 'child':\n"
      + "    subprocess.Popen([sys.executable, '-c', 'import sys; sys.stdin.read()'])\n"
      + "print('ready', flush=True)\n"
      + "sys.stdin.read()\n";

  private static Process holder(String mode) throws Exception {
    Process p = new ProcessBuilder("python3", "-c", HOLDER, mode).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return e.toString();
      }
    }).get(30, TimeUnit.SECONDS);
    assertEquals("ready", line);
    return p;
  }

  private static void end(Process p) throws Exception {
    p.getOutputStream().close();  // the holder and its child read stdin to its end, then exit
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the holder did not exit");
  }

  @Test
  void aProcessWithTheThreadsItStartedWithAndNoChildIsClean() throws Exception {
    Process p = holder("plain");
    try (ProcWatch watch = ProcWatch.open(p.pid())) {
      assertNotNull(watch);
      assertTrue(watch.clean(1));
      assertTrue(watch.clean(1), "a second check reads the files afresh");
    } finally {
      end(p);
    }
  }

  @Test
  void aThreadMoreThanAtStartIsNotClean() throws Exception {
    Process p = holder("thread");
    try (ProcWatch watch = ProcWatch.open(p.pid())) {
      assertFalse(watch.clean(1));
      assertTrue(watch.clean(2), "two threads are clean when the worker started with two");
    } finally {
      end(p);
    }
  }

  @Test
  void aChildProcessIsNotClean() throws Exception {
    Process p = holder("child");
    try (ProcWatch watch = ProcWatch.open(p.pid())) {
      assertFalse(watch.clean(1));
      assertFalse(watch.clean(64));
    } finally {
      end(p);
    }
  }

  @Test
  void aProcessThatIsGoneIsNeverCleanEvenIfItsPidComesBack() throws Exception {
    Process p = holder("plain");
    try (ProcWatch watch = ProcWatch.open(p.pid())) {
      assertTrue(watch.clean(1));
      end(p);
      assertFalse(watch.clean(1), "the files held open stay bound to the process that is gone");
    }
  }

  @Test
  void aWatchThatWasClosedIsNeverClean() throws Exception {
    Process p = holder("plain");
    try {
      ProcWatch watch = ProcWatch.open(p.pid());
      watch.close();
      assertFalse(watch.clean(1));
    } finally {
      end(p);
    }
  }

  @Test
  void noSuchProcessGivesNoWatch() {
    assertEquals(null, ProcWatch.open(0));
  }
}
