package io.edrplaybook.core.internal.secrets;

import io.edrplaybook.spi.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves {@code ${file:PATH}} to the content of a file (UTF-8), without its trailing line
 * breaks, the way secrets mounted by Docker or Kubernetes are usually written. A relative path is
 * resolved against the folder of the configuration file. Thread-safe.
 */
public final class FileSecretResolver implements SecretResolver {
  private final Path baseDir;

  /**
   * Creates the resolver.
   *
   * @param baseDir the folder relative paths are resolved against
   */
  public FileSecretResolver(Path baseDir) {
    this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
  }

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public Optional<String> resolve(String reference) {
    Path file = locate(reference);
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(trimLineBreaks(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public String describeMissing(String reference) {
    Path file = locate(reference);
    if (file == null) {
      return "\"" + reference + "\" is not a valid file path";
    }
    if (!Files.exists(file)) {
      return "secret file " + file + " was not found";
    }
    if (Files.isDirectory(file)) {
      return "secret file " + file + " is a directory";
    }
    // never the content, never the exception's text (it could quote bytes of the file)
    return "secret file " + file + " could not be read as UTF-8 text";
  }

  private Path locate(String reference) {
    if (reference.isBlank()) {
      return null;
    }
    try {
      return baseDir.resolve(reference).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return null;
    }
  }

  static String trimLineBreaks(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }
}
