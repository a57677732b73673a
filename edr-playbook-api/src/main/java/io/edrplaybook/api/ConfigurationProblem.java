package io.edrplaybook.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in a configuration: where it is and what is wrong, and, for a script that was
 * refused, the script's own location and the kind of problem ({@link #script()}), so that a host
 * can mark the line in the script rather than parse the message.
 *
 * @param path where the problem is, e.g. {@code connectors[2].port}; empty for the configuration as a whole
 * @param message what is wrong and what would be right, quoting the bad value,
 *     e.g. {@code must be between 1 and 65535, was 70000}
 * @param script for a refused script: its file, line, column, type and reason; empty otherwise
 */
public record ConfigurationProblem(String path, String message, Optional<ScriptRefusal> script) {

  /** Validates every part. */
  public ConfigurationProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(script, "script");
  }

  /**
   * Creates a problem that is not about a script's text.
   *
   * @param path where the problem is; never null
   * @param message what is wrong; never null
   */
  public ConfigurationProblem(String path, String message) {
    this(path, message, Optional.empty());
  }

  /**
   * Returns the problem of a script a runner refused at {@code path}: the message
   * {@code script refused: <file, line L, column C: Type: reason>} and the refusal itself.
   *
   * @param path where the script is configured, e.g. {@code actions[0].scripts[1]}; never null
   * @param refused what the runner threw; never null
   * @return the problem
   */
  public static ConfigurationProblem scriptRefused(String path, ScriptValidationException refused) {
    Objects.requireNonNull(refused, "refused");
    return new ConfigurationProblem(path, "script refused: " + refused.getMessage(),
        Optional.of(refused.refusal()));
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
      return new ConfigurationProblem(prefix, message, script);
    }
    return new ConfigurationProblem(path.startsWith("[") ? prefix + path : prefix + "." + path, message, script);
  }

  /** Returns {@code path: message}, the form used in every listing. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
