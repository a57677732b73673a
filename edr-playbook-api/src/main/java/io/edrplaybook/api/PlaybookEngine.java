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
   * selected connectors. A run already done for this event (organization and id) and
   * classification is not run again.
   *
   * @param event the event; never null
   * @return completes when every run this submission started has ended; never completes
   *     exceptionally because a script failed
   * @throws InvalidEventException when the event's organization is unknown
   * @throws JournalException when the journal failed: the event was not accepted (nothing of it
   *     runs); refused until the journal is writable again (see {@link #health()})
   * @throws EngineClosedException when the engine is closed
   */
  CompletionStage<EventOutcome> submit(SecurityEvent event);

  /**
   * Dry run: what {@link #submit(SecurityEvent)} would run for {@code event} now, and why, and which
   * rows their {@link Condition} removed ({@link Plan#skipped()}). Executes nothing and records nothing.
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
   * An event is its organization and id: the same id in another organization is another event.
   * Kept as long as the journal's retention keeps it.
   *
   * @param organization the event's organization; never null
   * @param eventId the event id; never null
   * @return the details; empty entries when nothing is known of the event
   * @throws JournalException when the journal cannot be read
   */
  ClassificationDetails history(String organization, String eventId);

  /**
   * Returns an event's classification details when its id alone names it: a convenience for hosts
   * with one organization, or ids unique across organizations. Looks the id up in every configured
   * organization.
   *
   * @param eventId the event id; never null
   * @return the details of the one configured organization that has an event with this id; empty
   *     entries when none has (their organization is the configured one when there is exactly one,
   *     else empty)
   * @throws IllegalArgumentException when two or more organizations have an event with this id;
   *     the message names them: ask {@link #history(String, String)}
   * @throws JournalException when the journal cannot be read
   */
  ClassificationDetails history(String eventId);

  /**
   * Operator re-run of a run that did not succeed: runs {@code action} on {@code connector} again
   * for the event and classification of {@code key}, as a new attempt of the same run (attempt
   * number one more than its last), recorded in the event's history. Allowed only when the key's
   * last attempt ended {@link InvocationStatus#FAILED}, {@link InvocationStatus#TIMED_OUT},
   * {@link InvocationStatus#INTERRUPTED}, {@link InvocationStatus#REJECTED} or
   * {@link InvocationStatus#CANCELLED}; of several engines asking at once, one runs it. The
   * script sees the event as the journal knows it (id, organization, classification; the journal
   * keeps no device or details): use {@link #rerun(SecurityEvent, String, String)} to give it the
   * whole event. No retries: one attempt.
   *
   * @param key the run: event (organization and id), classification, action, connector; never null
   * @return completes with the new attempt's terminal record
   * @throws IllegalStateException when the key never ran, is running, or its last attempt
   *     succeeded (the message says which)
   * @throws IllegalArgumentException when the action or connector is not configured, or not bound
   * @throws JournalException when the journal cannot be read or written
   * @throws EngineClosedException when the engine is closed
   */
  default CompletionStage<InvocationResult> rerun(RunKey key) {
    throw new UnsupportedOperationException(getClass().getName() + " does not re-run runs");
  }

  /**
   * Operator re-run, with the whole event for the script's {@code ctx["event"]}: the run of
   * {@code action} on {@code connector} for {@code event}'s organization, id and classification.
   * Otherwise as {@link #rerun(RunKey)}.
   *
   * @param event the event as the host knows it; never null
   * @param action the action's name; never null
   * @param connector the connector's name; never null
   * @return completes with the new attempt's terminal record
   */
  default CompletionStage<InvocationResult> rerun(SecurityEvent event, String action, String connector) {
    throw new UnsupportedOperationException(getClass().getName() + " does not re-run runs");
  }

  /**
   * Operator re-run of the run of {@code action} on {@code connector} for the event's current
   * classification. As {@link #rerun(RunKey)}.
   *
   * @param organization the event's organization; never null
   * @param eventId the event's id; never null
   * @param action the action's name; never null
   * @param connector the connector's name; never null
   * @return completes with the new attempt's terminal record
   * @throws IllegalStateException when nothing is known of the event, or as {@link #rerun(RunKey)}
   */
  default CompletionStage<InvocationResult> rerun(String organization, String eventId, String action,
      String connector) {
    java.util.Objects.requireNonNull(action, "action");
    java.util.Objects.requireNonNull(connector, "connector");
    Classification current = history(organization, eventId).currentClassification()
        .orElseThrow(() -> new IllegalStateException("No event \"" + eventId + "\" of organization \""
            + organization + "\" is known to the journal; nothing to re-run"));
    return rerun(new RunKey(new EventKey(organization, eventId), current, action, connector));
  }

  /**
   * Approves a run that awaits approval: records who approved it and when, then runs it (the
   * same run: its key was claimed when approval was requested, so it runs at most once). Of
   * several engines or threads approving (or denying) one run at once, exactly one decides; the
   * others get an {@link IllegalStateException}.
   *
   * @param key the run awaiting approval; never null
   * @param approver who approves (shown in the classification details); never null or blank
   * @param comment why; may be empty, never null
   * @return completes with the run's terminal record
   * @throws IllegalStateException when the run does not await approval (never requested, or
   *     already decided: the message says how)
   * @throws IllegalArgumentException when its action or connector is no longer configured (it
   *     keeps waiting)
   * @throws JournalException when the journal cannot be read or written
   * @throws EngineClosedException when the engine is closed
   */
  default java.util.concurrent.CompletionStage<InvocationResult> approve(RunKey key, String approver,
      String comment) {
    throw new UnsupportedOperationException(getClass().getName() + " does not support approvals");
  }

  /**
   * Denies a run that awaits approval: it ends {@link InvocationStatus#DENIED}, recorded with who
   * denied it, when and why. Of several deciding at once, exactly one decides.
   *
   * @param key the run awaiting approval; never null
   * @param approver who denies; never null or blank
   * @param comment why; may be empty, never null
   * @return the run's terminal record
   * @throws IllegalStateException when the run does not await approval
   * @throws JournalException when the journal cannot be read or written
   * @throws EngineClosedException when the engine is closed
   */
  default InvocationResult deny(RunKey key, String approver, String comment) {
    throw new UnsupportedOperationException(getClass().getName() + " does not support approvals");
  }

  /**
   * Returns the runs of {@code organization} that await approval, oldest request first.
   *
   * @param organization the organization; never null
   * @return the runs; empty when none awaits
   * @throws JournalException when the journal cannot be read
   */
  default java.util.List<AwaitingApproval> pending(String organization) {
    throw new UnsupportedOperationException(getClass().getName() + " does not support approvals");
  }

  /**
   * Returns whether the engine takes new events, whether its journal takes writes, and how many
   * runs are in flight. Never throws.
   *
   * @return the engine's health
   */
  default EngineHealth health() {
    return new EngineHealth(true, true, java.util.Optional.empty(), 0);
  }

  /**
   * Stops taking work, waits for runs in flight up to the engine's grace period, stops what
   * remains, and records every accepted run that did not end as {@link InvocationStatus#CANCELLED}.
   * Idempotent.
   */
  @Override
  void close();
}
