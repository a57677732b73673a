package io.edrplaybook.subprocess.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort of a deadline: finds every process (but this JVM) that holds a worker's
 * channel pipe open, and kills it. Needed only when a script escaped both the worker's process
 * group and its descendants (say, a libc fork, setsid and a double fork) with the channel open,
 * which would keep the caller's read from ever ending. Linux only ({@code /proc}); a no-op elsewhere.
 */
final class ChannelHolders {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelHolders.class);
  private static final Path PROC = Path.of("/proc");

  private ChannelHolders() {}

  /** Kills the holders of pipe {@code inode}; returns how many were found. */
  static int kill(long inode) {
    if (inode <= 0 || !Files.isDirectory(PROC)) {
      return 0;
    }
    String pipe = "pipe:[" + inode + "]";
    long self = ProcessHandle.current().pid();
    int killed = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC,
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid != self && holds(proc, pipe)) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          killed++;
        }
      }
    } catch (IOException e) {
      LOG.debug("Could not scan /proc for holders of {}", pipe, e);
    }
    if (killed > 0) {
      LOG.warn("Killed {} process(es) that escaped a timed-out worker's process group and held its"
          + " channel open", killed);
    }
    return killed;
  }

  private static boolean holds(Path proc, String pipe) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).toString().equals(pipe)) {
            return true;
          }
        } catch (IOException | UnsupportedOperationException e) {
          // closed meanwhile
        }
      }
    } catch (IOException | SecurityException e) {
      // gone, or not ours to look at
    }
    return false;
  }
}
