package io.edrplaybook.subprocess.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the JVM learns about a worker from {@code /proc} (Linux), and folder clean-up. */
final class ProcFs {
  private static final Logger LOG = LoggerFactory.getLogger(ProcFs.class);
  private static final Path PROC = Path.of("/proc");

  private ProcFs() {}

  /** The pid of the one child of {@code pid} (the worker under {@code unshare}); 0 if unknown. */
  static long onlyChild(long pid) {
    try {
      String children = Files.readString(PROC.resolve(pid + "/task/" + pid + "/children")).trim();
      return children.isEmpty() ? 0 : Long.parseLong(children.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Whether process {@code pid} has at most {@code tasks} threads and no child process. Reads two
   * small files ({@code stat}, and the main thread's {@code children}); true when {@code /proc}
   * cannot tell (not Linux, or a kernel without {@code children}).
   */
  static boolean clean(long pid, int tasks) {
    byte[] stat = read("/proc/" + pid + "/stat");
    if (stat == null) {
      return !AVAILABLE;
    }
    String s = new String(stat, StandardCharsets.US_ASCII);
    String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
    if (fields.length > 17 && Integer.parseInt(fields[17]) > tasks) {  // field 20: num_threads
      return false;
    }
    byte[] children = read("/proc/" + pid + "/task/" + pid + "/children");
    if (children == null) {
      return true;
    }
    for (byte b : children) {
      if (b >= '0' && b <= '9') {
        return false;
      }
    }
    return true;
  }

  private static final boolean AVAILABLE = Files.isDirectory(PROC.resolve("self"));

  private static byte[] read(String file) {
    try (FileInputStream in = new FileInputStream(file)) {
      return in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Deletes {@code dir} and everything in it; best effort. */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("Could not delete {}", dir, e);
    }
  }
}
