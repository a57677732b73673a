package io.edrplaybook.api;

import java.util.Objects;

/**
 * One run of an action on a connector for an event: what the engine dispatches. Test-button runs
 * are invocations with {@code test == true} and a synthetic event id.
 *
 * @param id unique id of this run (also {@code ctx["invocationId"]})
 * @param eventId the event it runs for
 * @param organization the event's organization
 * @param classification the classification it runs for
 * @param action the action's name
 * @param connector the connector's name
 * @param script the bound script's name
 * @param runner the id of the runner that runs it
 * @param jumpBox the JumpBox whose lane runs it
 * @param test whether the Test button started it
 * @param attempt 1 for the first attempt, 2 for the first retry, ...
 */
public record Invocation(String id, String eventId, String organization, Classification classification,
    String action, String connector, String script, String runner, String jumpBox, boolean test,
    int attempt) {

  /** Validates. */
  public Invocation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(jumpBox, "jumpBox");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
  }

  /** Returns the event this run is for: its organization and id. */
  public EventKey eventKey() {
    return new EventKey(organization, eventId);
  }

  /**
   * Returns the key under which a run happens at most once: event (organization and id),
   * classification, action, connector.
   */
  public RunKey runKey() {
    return new RunKey(eventKey(), classification, action, connector);
  }

  /** Returns the same invocation as attempt {@code attempt}, under a new id. */
  public Invocation nextAttempt(String newId, int attempt) {
    return new Invocation(newId, eventId, organization, classification, action, connector, script,
        runner, jumpBox, test, attempt);
  }
}
