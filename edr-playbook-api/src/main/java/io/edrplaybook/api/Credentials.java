package io.edrplaybook.api;

import java.util.List;

/**
 * How a connector authenticates to its third-party system: <em>either</em> an {@link ApiKey}
 * <em>or</em> a {@link UsernamePassword}, never both, never neither. {@code toString()} never
 * shows the secret.
 */
public sealed interface Credentials permits ApiKey, UsernamePassword {

  /** Returns the secret values this holds (key or password), for masking by value. */
  List<String> secrets();

  /** Returns the type used in a script's {@code ctx["connector"]["auth"]["type"]}. */
  String type();
}
