package io.edrplaybook.core;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The formats a configuration file can be written in; both have the same shape. */
public enum ConfigurationFormat {
  /** JSON, files ending in {@code .json}. */
  JSON,
  /** YAML, files ending in {@code .yaml} or {@code .yml}. */
  YAML;

  /**
   * Returns the format of {@code file}, from its extension ({@code .json}, {@code .yaml},
   * {@code .yml}, ignoring case).
   *
   * @param file a file name; never null
   * @return the format, or empty for any other extension
   */
  public static Optional<ConfigurationFormat> of(Path file) {
    Objects.requireNonNull(file, "file");
    Path name = file.getFileName();
    String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".json")) {
      return Optional.of(JSON);
    }
    if (n.endsWith(".yaml") || n.endsWith(".yml")) {
      return Optional.of(YAML);
    }
    return Optional.empty();
  }
}
