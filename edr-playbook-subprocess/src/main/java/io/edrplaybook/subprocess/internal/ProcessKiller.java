package io.edrplaybook.subprocess.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a worker with everything it started: its process group (the bootstrap makes the worker a
 * session leader, so the group id is its pid), then every descendant still known, in case one
 * left the group.
 */
final class ProcessKiller {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessKiller.class);
  private static final String KILL = find("/bin/kill", "/usr/bin/kill");

  private ProcessKiller() {}

  static void killTree(Process process) {
    // Snapshot first: once the worker dies its children are re-parented and no longer its descendants.
    List<ProcessHandle> descendants = process.descendants().toList();
    killGroup(process.pid());
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void killGroup(long pgid) {
    if (KILL == null) {
      return;
    }
    try {
      Process kill = new ProcessBuilder(KILL, "-KILL", "--", "-" + pgid)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(2, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (java.io.IOException e) {
      LOG.debug("could not signal process group {}", pgid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String find(String... paths) {
    for (String p : paths) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }
}
