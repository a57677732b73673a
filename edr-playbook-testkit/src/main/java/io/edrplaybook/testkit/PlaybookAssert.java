package io.edrplaybook.testkit;

import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.testkit.internal.RunFormat;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fluent assertions on what ran: one submission ({@link PlaybookTestKit#submit}), one event's
 * whole history ({@link PlaybookTestKit#event}), or everything the kit ran
 * ({@link PlaybookTestKit#all}). A failed assertion throws {@link AssertionError} whose message
 * says what was expected and lists what did run, secrets masked:
 *
 * <pre>{@code
 * expected IM Notification on SOC Slack for event ev-1 (MALICIOUS); ran: [Block Address on Edge FW (firewall) SUCCEEDED]
 * }</pre>
 *
 * <p>Immutable: it holds the records as they were when it was made. Thread-safe.
 */
public final class PlaybookAssert {
  private final String scope;
  private final List<InvocationResult> results;
  private final Map<String, RecordedRun> runsById;
  private final Optional<EventOutcome> outcome;
  private final RunFormat format;
  private final boolean withEvent;

  PlaybookAssert(String scope, List<InvocationResult> results, Map<String, RecordedRun> runsById,
      Optional<EventOutcome> outcome, RunFormat format, boolean withEvent) {
    this.scope = scope;
    this.results = List.copyOf(results);
    this.runsById = Map.copyOf(runsById);
    this.outcome = outcome;
    this.format = format;
    this.withEvent = withEvent;
  }

  /**
   * Asserts that {@code action} ran (on at least one connector) and returns assertions on those
   * runs; narrow them with {@link PlaybookRunAssert#on(String)}.
   */
  public PlaybookRunAssert assertRan(String action) {
    Objects.requireNonNull(action, "action");
    List<InvocationResult> matches = results.stream().filter(r -> r.invocation().action().equals(action)).toList();
    if (matches.isEmpty()) {
      throw fail("expected " + action + " to run " + scope + "; ran: " + ran());
    }
    return new PlaybookRunAssert(this, action, matches);
  }

  /** Asserts that {@code action} ran on {@code connector}; same as {@code assertRan(action).on(connector)}. */
  public PlaybookRunAssert assertRan(String action, String connector) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(connector, "connector");
    if (results.stream().noneMatch(r -> r.invocation().action().equals(action))) {
      throw fail("expected " + RunFormat.key(action, connector) + " " + scope + "; ran: " + ran());
    }
    return assertRan(action).on(connector);
  }

  /** Asserts that {@code action} ran on no connector. */
  public PlaybookAssert assertNotRun(String action) {
    Objects.requireNonNull(action, "action");
    List<InvocationResult> found = results.stream().filter(r -> r.invocation().action().equals(action)).toList();
    if (!found.isEmpty()) {
      throw fail("expected " + action + " not to run " + scope + "; it ran: " + format.lines(found, withEvent));
    }
    return this;
  }

  /** Asserts that {@code action} did not run on {@code connector}. */
  public PlaybookAssert assertNotRun(String action, String connector) {
    List<InvocationResult> found = results.stream().filter(r -> r.invocation().action().equals(action)
        && r.invocation().connector().equals(connector)).toList();
    if (!found.isEmpty()) {
      throw fail("expected " + RunFormat.key(action, connector) + " not to run " + scope + "; it ran: "
          + format.lines(found, withEvent));
    }
    return this;
  }

  /**
   * Asserts that exactly these ran, each given as {@code "Action on Connector"}, in any order
   * (retries of one run count once).
   */
  public PlaybookAssert assertRanExactly(String... actionOnConnector) {
    Set<String> expected = new TreeSet<>(Arrays.asList(actionOnConnector));
    Set<String> actual = new TreeSet<>();
    results.forEach(r -> actual.add(RunFormat.key(r.invocation().action(), r.invocation().connector())));
    if (!expected.equals(actual)) {
      Set<String> missing = new LinkedHashSet<>(expected);
      missing.removeAll(actual);
      Set<String> extra = new LinkedHashSet<>(actual);
      extra.removeAll(expected);
      throw fail("expected exactly " + expected + " to run " + scope
          + (missing.isEmpty() ? "" : "; missing " + missing)
          + (extra.isEmpty() ? "" : "; unexpected " + extra) + "; ran: " + ran());
    }
    return this;
  }

  /** Asserts that nothing ran. */
  public PlaybookAssert assertNothingRan() {
    if (!results.isEmpty()) {
      throw fail("expected nothing to run " + scope + "; ran: " + ran());
    }
    return this;
  }

  /** Asserts that every run succeeded (true when nothing ran). */
  public PlaybookAssert assertAllSucceeded() {
    List<InvocationResult> bad = results.stream().filter(r -> !r.status().succeeded()).toList();
    if (!bad.isEmpty()) {
      throw fail("expected every run " + scope + " to succeed; these did not: " + format.lines(bad, withEvent));
    }
    return this;
  }

  /** Asserts that the submission was handled by playbook {@code name}. Only for a submission. */
  public PlaybookAssert assertPlaybook(String name) {
    Optional<String> actual = submission("assertPlaybook").playbook();
    if (!actual.equals(Optional.of(name))) {
      throw fail("expected playbook \"" + name + "\" to apply " + scope + "; "
          + actual.map(p -> "\"" + p + "\" applied").orElse("no playbook applied"));
    }
    return this;
  }

  /** Asserts that no playbook applied to the submission. Only for a submission. */
  public PlaybookAssert assertNoPlaybook() {
    submission("assertNoPlaybook").playbook().ifPresent(p -> {
      throw fail("expected no playbook to apply " + scope + "; \"" + p + "\" applied and ran: " + ran());
    });
    return this;
  }

  /**
   * Asserts that the submission selected {@code action} on {@code connector} but did not run it
   * again, because it already ran for this event and classification. Only for a submission.
   */
  public PlaybookAssert assertSkipped(String action, String connector) {
    List<PlannedInvocation> skipped = submission("assertSkipped").skipped();
    if (skipped.stream().noneMatch(p -> p.action().equals(action) && p.connector().equals(connector))) {
      throw fail("expected " + RunFormat.key(action, connector) + " to be skipped as already run " + scope
          + "; skipped: " + skipped.stream().map(p -> RunFormat.key(p.action(), p.connector())).toList()
          + "; ran: " + ran());
    }
    return this;
  }

  /**
   * Asserts that the submission recorded {@code action} on {@code connector} awaiting approval
   * instead of running it. Only for a submission.
   */
  public PlaybookAssert assertAwaitingApproval(String action, String connector) {
    List<io.edrplaybook.api.AwaitingApproval> awaiting = submission("assertAwaitingApproval").awaiting();
    if (awaiting.stream().noneMatch(a -> a.invocation().action().equals(action)
        && a.invocation().connector().equals(connector))) {
      throw fail("expected " + RunFormat.key(action, connector) + " to await approval " + scope + "; awaiting: "
          + awaiting.stream().map(a -> RunFormat.key(a.invocation().action(), a.invocation().connector())).toList()
          + "; ran: " + ran());
    }
    return this;
  }

  /** Returns the submission's outcome. Only for a submission. */
  public EventOutcome outcome() {
    return submission("outcome");
  }

  /** Returns the terminal record of every run in scope, oldest first. */
  public List<InvocationResult> results() {
    return results;
  }

  /** Returns the recorded call of every run in scope that reached its runner, oldest first. */
  public List<RecordedRun> runs() {
    return results.stream().map(r -> runsById.get(r.invocation().id())).filter(Objects::nonNull).toList();
  }

  RecordedRun recorded(InvocationResult r) {
    return runsById.get(r.invocation().id());
  }

  String scope() {
    return scope;
  }

  String ran() {
    return format.lines(results, withEvent);
  }

  RunFormat format() {
    return format;
  }

  boolean withEvent() {
    return withEvent;
  }

  AssertionError fail(String message) {
    return new AssertionError(format.mask(message));
  }

  private EventOutcome submission(String what) {
    return outcome.orElseThrow(() -> new IllegalStateException(what + "() applies to one submission ("
        + "PlaybookTestKit.submit), not to " + scope));
  }

  @Override
  public String toString() {
    return "PlaybookAssert[" + scope + ", ran " + ran() + "]";
  }
}
