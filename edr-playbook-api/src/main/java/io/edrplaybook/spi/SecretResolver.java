package io.edrplaybook.spi;

import java.util.Optional;

/**
 * Resolves secret references written in a configuration as {@code ${scheme:reference}}:
 * {@code ${env:SLACK_TOKEN}}, {@code ${file:/run/secrets/fw}}. Add a scheme (a vault, say) by
 * implementing this and registering it with {@link java.util.ServiceLoader} or with the
 * configuration loader. Implementations must be thread-safe.
 */
public interface SecretResolver {

  /** Returns the scheme this resolves, e.g. {@code env}. */
  String scheme();

  /**
   * Resolves a reference.
   *
   * @param reference what follows the scheme, e.g. {@code SLACK_TOKEN}
   * @return the secret, or empty when it does not exist
   */
  Optional<String> resolve(String reference);

  /**
   * Describes a reference that could not be resolved, for the error message: e.g.
   * {@code environment variable SLACK_TOKEN is not set}. Never includes a secret.
   */
  default String describeMissing(String reference) {
    return "${" + scheme() + ":" + reference + "} could not be resolved";
  }
}
