package io.edrplaybook.testkit;

import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.testkit.internal.CtxPaths;
import io.edrplaybook.testkit.internal.RunFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Assertions on the runs of one action, returned by {@link PlaybookAssert#assertRan(String)}.
 * Each check applies to every run still selected: narrow to one connector with {@link #on}.
 * Status and message checks look at the last attempt on each connector (retries included);
 * {@code ctx} checks at every attempt. Immutable and thread-safe.
 */
public final class PlaybookRunAssert {
  private final PlaybookAssert parent;
  private final String action;
  private final String connector;
  private final List<InvocationResult> matches;

  PlaybookRunAssert(PlaybookAssert parent, String action, List<InvocationResult> matches) {
    this(parent, action, null, matches);
  }

  private PlaybookRunAssert(PlaybookAssert parent, String action, String connector, List<InvocationResult> matches) {
    this.parent = parent;
    this.action = action;
    this.connector = connector;
    this.matches = matches;
  }

  /** Narrows to the runs on {@code connector}, asserting there is one. */
  public PlaybookRunAssert on(String connector) {
    Objects.requireNonNull(connector, "connector");
    List<InvocationResult> on = matches.stream().filter(r -> r.invocation().connector().equals(connector)).toList();
    if (on.isEmpty()) {
      throw parent.fail("expected " + RunFormat.key(action, connector) + " " + parent.scope() + "; " + action
          + " ran on " + matches.stream().map(r -> r.invocation().connector()).distinct().toList()
          + "; ran: " + parent.ran());
    }
    return new PlaybookRunAssert(parent, action, connector, on);
  }

  /** Asserts that the connector's binding used the script named {@code script} (e.g. {@code slack}). */
  public PlaybookRunAssert withScript(String script) {
    for (InvocationResult r : matches) {
      if (!r.invocation().script().equals(script)) {
        throw parent.fail(what(r) + ": expected script \"" + script + "\", was \"" + r.invocation().script() + "\"");
      }
    }
    return this;
  }

  /**
   * Asserts that the script saw {@code expected} at the dotted {@code ctx} path (e.g.
   * {@code params.channel}, {@code event.device.name}, {@code params.ports[0]}). Numbers compare by
   * value, enums by name, null is Python's None.
   */
  public PlaybookRunAssert withCtx(String path, Object expected) {
    return check(path, actual -> CtxPaths.matches(expected, actual), "= " + CtxPaths.describe(
        expected instanceof Enum<?> e ? e.name() : expected));
  }

  /** Asserts that the value at the dotted {@code ctx} path satisfies {@code condition}. */
  public PlaybookRunAssert withCtxThat(String path, Predicate<Object> condition) {
    Objects.requireNonNull(condition, "condition");
    return check(path, condition, "to satisfy the condition");
  }

  private PlaybookRunAssert check(String path, Predicate<Object> condition, String expectation) {
    Objects.requireNonNull(path, "path");
    for (InvocationResult r : matches) {
      RecordedRun run = recorded(r);
      CtxPaths.Found f = CtxPaths.get(run.ctx(), path);
      if (!f.present()) {
        throw parent.fail(what(r) + ": expected ctx." + path + " " + expectation + ", but " + f.missing());
      }
      if (!condition.test(f.value())) {
        throw parent.fail(what(r) + ": expected ctx." + path + " " + expectation + ", was "
            + CtxPaths.describe(f.value()));
      }
    }
    return this;
  }

  /** Asserts how the runs ended (the last attempt on each connector). */
  public PlaybookRunAssert withStatus(InvocationStatus status) {
    for (InvocationResult r : finals()) {
      if (r.status() != status) {
        throw parent.fail(what(r) + ": expected " + status + ", was " + r.status()
            + (r.message().isEmpty() ? "" : " (" + r.message() + ")"));
      }
    }
    return this;
  }

  /** Asserts that the runs succeeded. */
  public PlaybookRunAssert succeeded() {
    return withStatus(InvocationStatus.SUCCEEDED);
  }

  /** Asserts that the runs failed (the script raised, or its canned answer was a failure). */
  public PlaybookRunAssert failed() {
    return withStatus(InvocationStatus.FAILED);
  }

  /** Asserts the one-line summary recorded in the classification details. */
  public PlaybookRunAssert withMessage(String message) {
    for (InvocationResult r : finals()) {
      if (!r.message().equals(message)) {
        throw parent.fail(what(r) + ": expected message \"" + message + "\", was \"" + r.message() + "\"");
      }
    }
    return this;
  }

  /** Asserts that the one-line summary contains {@code part}. */
  public PlaybookRunAssert withMessageContaining(String part) {
    for (InvocationResult r : finals()) {
      if (!r.message().contains(part)) {
        throw parent.fail(what(r) + ": expected a message containing \"" + part + "\", was \"" + r.message() + "\"");
      }
    }
    return this;
  }

  /** Returns the {@code ctx} of the only run selected (narrow with {@link #on} first). */
  public Map<String, Object> ctx() {
    return run().ctx();
  }

  /** Returns the recorded call of the only run selected. */
  public RecordedRun run() {
    return recorded(single("run()"));
  }

  /** Returns the terminal record of the only run selected. */
  public InvocationResult result() {
    return single("result()");
  }

  /** Returns to the assertions on the whole scope, to assert more. */
  public PlaybookAssert and() {
    return parent;
  }

  private InvocationResult single(String what) {
    List<InvocationResult> finals = finals();
    if (finals.size() != 1) {
      throw parent.fail(what + " needs one run, but " + action + " ran " + finals.size() + " times "
          + parent.scope() + ": " + parent.format().lines(finals, parent.withEvent())
          + "; narrow it with on(connector)");
    }
    return finals.get(0);
  }

  private List<InvocationResult> finals() {
    Map<String, InvocationResult> last = new LinkedHashMap<>();
    for (InvocationResult r : matches) {
      last.put(r.invocation().eventId() + "\u0000" + r.invocation().classification() + "\u0000"
          + r.invocation().connector(), r);
    }
    return List.copyOf(last.values());
  }

  private RecordedRun recorded(InvocationResult r) {
    RecordedRun run = parent.recorded(r);
    if (run == null) {
      throw parent.fail(what(r) + " never reached its script runner (" + r.status() + ": " + r.message()
          + "), so there is no ctx to check");
    }
    return run;
  }

  private String what(InvocationResult r) {
    return RunFormat.key(action, r.invocation().connector()) + (parent.withEvent()
        ? " for " + r.eventId() + " " + r.invocation().classification() : "");
  }

  @Override
  public String toString() {
    return "PlaybookRunAssert[" + action + (connector == null ? "" : " on " + connector) + ", "
        + matches.size() + " runs]";
  }
}
