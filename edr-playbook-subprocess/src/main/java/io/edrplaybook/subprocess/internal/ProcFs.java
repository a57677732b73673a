package io.edrplaybook.subprocess.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the JVM learns about a worker's process tree from {@code /proc} (Linux), and folder
 * clean-up. The after-run check of a worker is {@link ProcWatch}.
 */
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
