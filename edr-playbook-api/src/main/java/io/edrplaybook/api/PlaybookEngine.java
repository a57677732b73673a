package io.edrplaybook.api;

import java.util.concurrent.CompletionStage;

/**
 * The automated incident response engine a host embeds: it holds the configuration, evaluates
 * playbooks for security events, runs the selected actions on their connectors, and keeps each
 * event's classification details.
 *
 * <p>Thread-safe: every method may be called from any thread. Configuration changes are whole
 * snapshots swapped atomically; an evaluation sees either the old or the new configuration, never
 * a mix.
 */
public interface PlaybookEngine extends AutoCloseable {

  /**
   * Validates {@code configuration}, compiles every script with its runner, and, only if all of
   * that succeeded, makes it the configuration in force. A broken script is refused here
   * ("at upload") with its file and line.
   *
   * @param configuration the new configuration; never null
   * @throws ConfigurationException listing every problem (scripts included); the previous
   *     configuration stays in force
   * @throws EngineClosedException when the engine is closed
   */
  void configure(Configuration configuration);

  /** Returns the configuration in force; never null. */
  Configuration configuration();

  /**
   * Submits a security event: records its classification (or reclassification) in its history,
   * finds the playbook that applies, and runs every row checked for the classification on its
   * selected connectors. A run already done for this event and classification is not run again.
   *
   * @param event the event; never null
   * @return completes when every run this submission started has ended; never completes
   *     exceptionally because a script failed
   * @throws InvalidEventException when the event's organization is unknown
   * @throws EngineClosedException when the engine is closed
   */
  CompletionStage<EventOutcome> submit(SecurityEvent event);

  /**
   * Dry run: what {@link #submit(SecurityEvent)} would run for {@code event} now, and why. Executes
   * nothing and records nothing.
   *
   * @param event the event; never null
   * @return the plan
   * @throws InvalidEventException when the event's organization is unknown
   */
  Plan plan(SecurityEvent event);

  /**
   * The Test button: runs {@code action} on {@code connector} now, outside any playbook, with a
   * synthetic test event and {@code ctx["test"] = True}; calls the script's {@code test(ctx)} if it
   * has one. A script without one is not run: the same as {@link #test(String, String, String,
   * TestMode)} with {@link TestMode#CHECK_ONLY}. Recorded like any run, marked as a test, under
   * the synthetic event's id.
   *
   * @param organization the organization
   * @param connector the connector's name
   * @param action the action's name
   * @return completes with the run's terminal record
   * @throws IllegalArgumentException when there is no such connector or action, or the connector
   *     is not bound to the action
   * @throws EngineClosedException when the engine is closed
   */
  CompletionStage<InvocationResult> test(String organization, String connector, String action);

  /**
   * The Test button, choosing what happens to a script without {@code test(ctx)}: with
   * {@link TestMode#CHECK_ONLY} only what has no side effects is checked; with
   * {@link TestMode#RUN_SCRIPT} its {@code run(ctx)} is called, performing the real action, and
   * the record says so. The default implementation supports {@code CHECK_ONLY} only.
   *
   * @param mode what to do when the script has no {@code test(ctx)}; never null
   * @return completes with the run's terminal record
   * @throws IllegalArgumentException when there is no such connector or action, or the connector
   *     is not bound to the action
   * @throws UnsupportedOperationException when the engine cannot honour {@code mode}
   * @throws EngineClosedException when the engine is closed
   */
  default CompletionStage<InvocationResult> test(String organization, String connector, String action,
      TestMode mode) {
    java.util.Objects.requireNonNull(mode, "mode");
    if (mode == TestMode.CHECK_ONLY) {
      return test(organization, connector, action);
    }
    throw new UnsupportedOperationException(getClass().getName() + " does not support the Test button mode " + mode);
  }

  /**
   * Returns an event's classification details: every classification and every run, oldest first.
   *
   * @param eventId the event id; never null
   * @return the details; empty entries when nothing is known of the event
   */
  ClassificationDetails history(String eventId);

  /**
   * Stops taking work, waits for runs in flight up to the engine's grace period, stops what
   * remains, and records every accepted run that did not end as {@link InvocationStatus#CANCELLED}.
   * Idempotent.
   */
  @Override
  void close();
}
