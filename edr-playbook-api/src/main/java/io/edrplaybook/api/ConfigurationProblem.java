package io.edrplaybook.api;

import java.util.Objects;

/**
 * One problem found in a configuration: where it is and what is wrong.
 *
 * @param path where the problem is, e.g. {@code connectors[2].port}; empty for the configuration as a whole
 * @param message what is wrong and what would be right, quoting the bad value,
 *     e.g. {@code must be between 1 and 65535, was 70000}
 */
public record ConfigurationProblem(String path, String message) {

  /** Validates both parts. */
  public ConfigurationProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Returns this problem with {@code prefix} put in front of its path.
   *
   * @param prefix a path such as {@code connectors[2]}; never null
   * @return the relocated problem
   */
  public ConfigurationProblem under(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      return this;
    }
    if (path.isEmpty()) {
      return new ConfigurationProblem(prefix, message);
    }
    return new ConfigurationProblem(path.startsWith("[") ? prefix + path : prefix + "." + path, message);
  }

  /** Returns {@code path: message}, the form used in every listing. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
