package io.edrplaybook.api;

import java.util.List;

/**
 * Which connectors run a playbook row: {@link All} (every connector of the organization bound to
 * the row's action, each with its own script) or {@link Named} connectors.
 */
public sealed interface ConnectorSelection permits ConnectorSelection.All, ConnectorSelection.Named {

  /** Every connector of the organization that is bound to the action. */
  static ConnectorSelection all() {
    return All.INSTANCE;
  }

  /** The connectors named, each of which must be bound to the action. */
  static ConnectorSelection of(String... connectors) {
    return new Named(List.of(connectors));
  }

  /** The connectors named, each of which must be bound to the action. */
  static ConnectorSelection of(List<String> connectors) {
    return new Named(connectors);
  }

  /** <em>All</em>: every connector bound to the action. */
  enum All implements ConnectorSelection {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "ALL";
    }
  }

  /**
   * Specific connectors, by name.
   *
   * @param connectors the names; at least one, no duplicates
   */
  record Named(List<String> connectors) implements ConnectorSelection {
    /** Validates and copies. */
    public Named {
      if (connectors == null || connectors.isEmpty()) {
        throw new ConfigurationException("connectors",
            "must be \"ALL\" or a list of at least one connector name");
      }
      connectors = List.copyOf(connectors);
      if (connectors.stream().distinct().count() != connectors.size()) {
        throw new ConfigurationException("connectors", "names a connector twice: " + connectors);
      }
    }

    @Override
    public String toString() {
      return connectors.toString();
    }
  }
}
