package io.edrplaybook.samples.internal.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sample configuration and scripts the demo runs: inside the jar under
 * {@code edr-playbook-samples/} (extracted to a temporary folder, deleted on close), on the class
 * path as a folder when run from the build, or else {@code samples/} under the working directory.
 */
final class DemoFiles implements AutoCloseable {
  static final String ROOT = "edr-playbook-samples";
  static final String CONFIG = "config/edr-playbook.json";
  static final String EVENTS = "config/events.jsonl";
  static final String SECRETS = "config/edr-playbook.secrets.env";

  private final Path root;
  private final boolean temporary;

  private DemoFiles(Path root, boolean temporary) {
    this.root = root;
    this.temporary = temporary;
  }

  /**
   * Finds the samples.
   *
   * @throws UncheckedIOException when they are nowhere to be found or cannot be extracted
   */
  static DemoFiles locate() {
    URL url = DemoFiles.class.getResource("/" + ROOT + "/" + CONFIG);
    try {
      if (url != null && url.getProtocol().equals("file")) {
        return new DemoFiles(Paths.get(url.toURI()).getParent().getParent(), false);
      }
      if (url != null && url.getProtocol().equals("jar")) {
        return new DemoFiles(extract(url.toURI()), true);
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot read the sample files at " + url, e);
    }
    for (Path candidate : new Path[] {Paths.get("samples"), Paths.get("")}) {
      if (Files.isRegularFile(candidate.resolve(CONFIG))) {
        return new DemoFiles(candidate.toAbsolutePath().normalize(), false);
      }
    }
    throw new UncheckedIOException(new IOException("The sample files are not in the jar nor in samples/ under "
        + Paths.get("").toAbsolutePath() + "; looked for " + ROOT + "/" + CONFIG));
  }

  private static Path extract(URI inJar) {
    String text = inJar.toString();
    URI jar = URI.create(text.substring(0, text.indexOf("!/")));
    Path target;
    try {
      target = Files.createTempDirectory("edr-playbook-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary folder for the sample files", e);
    }
    FileSystem fs = null;
    boolean opened = false;
    try {
      try {
        fs = FileSystems.newFileSystem(jar, Map.of());
        opened = true;
      } catch (FileSystemAlreadyExistsException e) {
        fs = FileSystems.getFileSystem(jar);
      }
      Path source = fs.getPath("/" + ROOT);
      try (Stream<Path> files = Files.walk(source)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Path to = target.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to);
          }
        }
      }
      return target;
    } catch (IOException e) {
      delete(target);
      throw new UncheckedIOException("Cannot extract the sample files from " + jar + ": " + e.getMessage(), e);
    } finally {
      if (opened) {
        try {
          fs.close();
        } catch (IOException ignored) {
          // read only; nothing to lose
        }
      }
    }
  }

  Path config() {
    return root.resolve(CONFIG);
  }

  Path events() {
    return root.resolve(EVENTS);
  }

  Path secrets() {
    return root.resolve(SECRETS);
  }

  @Override
  public void close() {
    if (temporary) {
      delete(root);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }
}
