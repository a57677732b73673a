package io.edrplaybook.api;

import java.util.Objects;

/**
 * The key under which a run happens at most once, ever: one event (of one organization), one
 * classification, one action, one connector. A journal claims it with an insert-if-absent.
 *
 * @param event the event; never null
 * @param classification the classification the run is for; never null
 * @param action the action's name; never null
 * @param connector the connector's name; never null
 */
public record RunKey(EventKey event, Classification classification, String action, String connector) {

  /** Validates. */
  public RunKey {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(connector, "connector");
  }

  @Override
  public String toString() {
    return event + "/" + classification + "/" + action + "/" + connector;
  }
}
