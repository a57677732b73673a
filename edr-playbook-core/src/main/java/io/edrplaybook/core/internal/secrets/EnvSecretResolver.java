package io.edrplaybook.core.internal.secrets;

import io.edrplaybook.spi.SecretResolver;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves {@code ${env:NAME}} from an environment. The environment is a function so that tests
 * and hosts can supply their own instead of the process's. Thread-safe when the function is.
 */
public final class EnvSecretResolver implements SecretResolver {
  private final Function<String, String> environment;

  /**
   * Creates the resolver.
   *
   * @param environment returns a variable's value, or null when it is not set
   */
  public EnvSecretResolver(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String scheme() {
    return "env";
  }

  @Override
  public Optional<String> resolve(String reference) {
    if (reference.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(environment.apply(reference));
  }

  @Override
  public String describeMissing(String reference) {
    return reference.isBlank() ? "${env:} names no environment variable"
        : "environment variable " + reference + " is not set";
  }
}
