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

  /**
   * Creates the exception.
   *
   * @param problems the problems found; never null nor empty
   */
  public ConfigurationException(List<ConfigurationProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
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
    return new ConfigurationException(problems.stream().map(p -> p.under(prefix)).toList());
  }

  private static String render(List<ConfigurationProblem> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
    }
    if (problems.size() == 1) {
      return "Invalid configuration: " + problems.get(0);
    }
    return "Invalid configuration, " + problems.size() + " problems:\n  "
        + problems.stream().map(ConfigurationProblem::toString).collect(Collectors.joining("\n  "));
  }
}
