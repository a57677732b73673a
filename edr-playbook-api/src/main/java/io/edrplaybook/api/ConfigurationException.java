package io.edrplaybook.api;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A configuration was refused. It lists <em>every</em> problem found, each with its path and the
 * bad value, so that one round of fixing is enough. Whatever configuration was in force before
 * stays in force.
 */
public class ConfigurationException extends PlaybookException {
  private static final long serialVersionUID = 1L;

  private final List<ConfigurationProblem> problems;
  private final String subject;

  /**
   * Creates the exception.
   *
   * @param problems the problems found; never null nor empty
   */
  public ConfigurationException(List<ConfigurationProblem> problems) {
    super(render(null, problems));
    this.problems = List.copyOf(problems);
    this.subject = null;
  }

  /**
   * Creates the exception for the problems of one element, which the message names: {@code
   * Invalid connector "FW" of organization "acme": port: must be between 1 and 65535, was 0}. The
   * problems' paths are relative to the element ({@code port}), so that a configuration can
   * relocate them ({@code connectors[2].port}).
   *
   * @param subject what was refused, e.g. {@code connector "FW" of organization "acme"}; never null
   * @param problems the problems found; never null nor empty
   */
  public ConfigurationException(String subject, List<ConfigurationProblem> problems) {
    super(render(Objects.requireNonNull(subject, "subject"), problems));
    this.problems = List.copyOf(problems);
    this.subject = subject;
  }

  /**
   * Creates the exception for a single problem.
   *
   * @param path where the problem is
   * @param message what is wrong
   */
  public ConfigurationException(String path, String message) {
    this(List.of(new ConfigurationProblem(path, message)));
  }

  /**
   * Returns the element refused, when the exception is about one (a connector a builder refused),
   * e.g. {@code connector "FW" of organization "acme"}; empty for a configuration as a whole.
   */
  public java.util.Optional<String> subject() {
    return java.util.Optional.ofNullable(subject);
  }

  /** Returns every problem found, in the order they were found; never empty. */
  public List<ConfigurationProblem> problems() {
    return problems;
  }

  /**
   * Returns a copy with every problem relocated under {@code prefix}.
   *
   * @param prefix a path such as {@code connectors[2]}
   * @return the relocated exception
   */
  public ConfigurationException under(String prefix) {
    List<ConfigurationProblem> moved = problems.stream().map(p -> p.under(prefix)).toList();
    return subject == null ? new ConfigurationException(moved) : new ConfigurationException(subject, moved);
  }

  private static String render(String subject, List<ConfigurationProblem> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
    }
    String what = "Invalid " + (subject == null ? "configuration" : subject);
    if (problems.size() == 1) {
      return what + ": " + problems.get(0);
    }
    return what + ", " + problems.size() + " problems:\n  "
        + problems.stream().map(ConfigurationProblem::toString).collect(Collectors.joining("\n  "));
  }
}
