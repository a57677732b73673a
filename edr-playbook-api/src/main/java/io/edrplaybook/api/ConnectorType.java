package io.edrplaybook.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The kind of a connector. {@link #CUSTOM}, {@link #FIREWALL} and {@link #NAC} are predefined;
 * a host may use any other upper-case name (say {@code TICKETING}) through {@link #of(String)}.
 *
 * @param name the type's upper-case name
 */
public record ConnectorType(String name) {
  /** A connector of no particular kind: IM, ticketing, anything scripted. */
  public static final ConnectorType CUSTOM = new ConnectorType("CUSTOM");
  /** A firewall. */
  public static final ConnectorType FIREWALL = new ConnectorType("FIREWALL");
  /** A network access control system. */
  public static final ConnectorType NAC = new ConnectorType("NAC");

  /** Validates the name: letters, digits and underscores, starting with a letter. */
  public ConnectorType {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Z][A-Z0-9_]*")) {
      throw new ConfigurationException("type",
          "must be CUSTOM, FIREWALL, NAC or another upper-case name, was \"" + name + "\"");
    }
  }

  /**
   * Returns the type named {@code name}, ignoring case.
   *
   * @param name e.g. {@code firewall}; never null
   * @return the type
   * @throws ConfigurationException when the name is not a valid type name
   */
  public static ConnectorType of(String name) {
    Objects.requireNonNull(name, "name");
    return new ConnectorType(name.trim().toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return name;
  }
}
