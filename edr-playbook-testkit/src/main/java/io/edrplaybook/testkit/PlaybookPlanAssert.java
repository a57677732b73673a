package io.edrplaybook.testkit;

import io.edrplaybook.api.Plan;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.api.SkippedRow;
import io.edrplaybook.testkit.internal.RunFormat;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Assertions on a dry run ({@link PlaybookTestKit#plan}): which playbook applies and which action
 * would run on which connector, and which rows their condition removed. Making the plan ran nothing
 * and recorded nothing. Immutable and thread-safe.
 */
public final class PlaybookPlanAssert {
  private final Plan plan;
  private final RunFormat format;
  private final String scope;

  PlaybookPlanAssert(Plan plan, RunFormat format) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.format = format;
    this.scope = "for event " + plan.eventId() + " (" + plan.classification() + ")";
  }

  /** Asserts that {@code action} would run on {@code connector} now. */
  public PlaybookPlanAssert assertWouldRun(String action, String connector) {
    Optional<PlannedInvocation> line = line(action, connector);
    if (line.isEmpty() || !line.get().willRun()) {
      throw fail("expected " + RunFormat.key(action, connector) + " to be planned " + scope + "; plan: " + lines());
    }
    return this;
  }

  /** Asserts that {@code action} would not run on {@code connector} now (not selected, or already ran). */
  public PlaybookPlanAssert assertWouldNotRun(String action, String connector) {
    Optional<PlannedInvocation> line = line(action, connector);
    if (line.isPresent() && line.get().willRun()) {
      throw fail("expected " + RunFormat.key(action, connector) + " not to be planned " + scope
          + ", but " + line.get().reason() + "; plan: " + lines());
    }
    return this;
  }

  /** Asserts that exactly these would run now, each given as {@code "Action on Connector"}. */
  public PlaybookPlanAssert assertWouldRunExactly(String... actionOnConnector) {
    Set<String> expected = new TreeSet<>(Arrays.asList(actionOnConnector));
    Set<String> actual = new TreeSet<>();
    plan.toRun().forEach(p -> actual.add(RunFormat.key(p.action(), p.connector())));
    if (!expected.equals(actual)) {
      Set<String> missing = new LinkedHashSet<>(expected);
      missing.removeAll(actual);
      Set<String> extra = new LinkedHashSet<>(actual);
      extra.removeAll(expected);
      throw fail("expected exactly " + expected + " to be planned " + scope
          + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; unexpected " + extra)
          + "; plan: " + lines());
    }
    return this;
  }

  /** Asserts that nothing would run now. */
  public PlaybookPlanAssert assertNothingWouldRun() {
    if (!plan.toRun().isEmpty()) {
      throw fail("expected nothing to be planned " + scope + "; plan: " + lines());
    }
    return this;
  }

  /**
   * Asserts that the condition of {@code action}'s row removed it: the row is checked for the
   * event's classification but runs on none of its connectors.
   */
  public PlaybookPlanAssert assertSkippedByCondition(String action) {
    skippedRow(action);
    return this;
  }

  /**
   * Asserts that the condition of {@code action}'s row removed it, and that the clause that failed
   * contains {@code clause}, e.g. {@code details.rule equals "Ransomware"} or {@code (missing)}.
   */
  public PlaybookPlanAssert assertSkippedByCondition(String action, String clause) {
    Objects.requireNonNull(clause, "clause");
    SkippedRow row = skippedRow(action);
    if (!row.failedClause().contains(clause)) {
      throw fail("expected the condition of row \"" + action + "\" to fail on " + clause + " " + scope
          + ", but it failed on " + row.failedClause());
    }
    return this;
  }

  /** Asserts that no condition removed {@code action}'s row (it may still not be checked). */
  public PlaybookPlanAssert assertNotSkippedByCondition(String action) {
    Optional<SkippedRow> row = plan.skipped(Objects.requireNonNull(action, "action"));
    if (row.isPresent()) {
      throw fail("expected row \"" + action + "\" not to be removed by its condition " + scope + ", but "
          + row.get().reason());
    }
    return this;
  }

  /** Returns the rows their condition removed, in row order. */
  public List<SkippedRow> skipped() {
    return plan.skipped();
  }

  private SkippedRow skippedRow(String action) {
    Objects.requireNonNull(action, "action");
    return plan.skipped(action).orElseThrow(() -> fail("expected row \"" + action
        + "\" to be removed by its condition " + scope + "; plan: " + lines()));
  }

  /** Asserts that playbook {@code name} applies. */
  public PlaybookPlanAssert assertPlaybook(String name) {
    if (!plan.playbook().equals(Optional.of(name))) {
      throw fail("expected playbook \"" + name + "\" to apply " + scope + "; "
          + plan.playbook().map(p -> "\"" + p + "\" applies").orElse("none applies") + " (" + plan.reason() + ")");
    }
    return this;
  }

  /**
   * Asserts that {@code action} on {@code connector} is a row of the plan that would use the
   * runner {@code runner} (the one the configuration names; see {@link PlaybookTestKit#plan}).
   */
  public PlaybookPlanAssert assertRunner(String action, String connector, String runner) {
    Optional<PlannedInvocation> line = line(action, connector);
    if (line.isEmpty()) {
      throw fail("expected " + RunFormat.key(action, connector) + " in the plan " + scope + "; plan: " + lines());
    }
    if (!line.get().runner().equals(runner)) {
      throw fail("expected " + RunFormat.key(action, connector) + " to use runner \"" + runner + "\" " + scope
          + ", but it would use \"" + line.get().runner() + "\"; plan: " + lines());
    }
    return this;
  }

  /**
   * Returns the runner {@code action} on {@code connector} would use.
   *
   * @throws AssertionError when the plan has no such row
   */
  public String runner(String action, String connector) {
    return line(action, connector).map(PlannedInvocation::runner).orElseThrow(() -> fail("expected "
        + RunFormat.key(action, connector) + " in the plan " + scope + "; plan: " + lines()));
  }

  /** Returns the plan. */
  public Plan plan() {
    return plan;
  }

  /** Returns the plan's lines, those that would not run included. */
  public List<PlannedInvocation> lines(String action) {
    return plan.invocations().stream().filter(p -> p.action().equals(action)).toList();
  }

  private Optional<PlannedInvocation> line(String action, String connector) {
    return plan.invocations().stream()
        .filter(p -> p.action().equals(action) && p.connector().equals(connector)).findFirst();
  }

  private String lines() {
    String lines = format.planLines(plan.invocations());
    return plan.skipped().isEmpty() ? lines : lines + "; removed by their condition: "
        + plan.skipped().stream().map(SkippedRow::reason).toList();
  }

  private AssertionError fail(String message) {
    return new AssertionError(format.mask(message));
  }

  @Override
  public String toString() {
    return "PlaybookPlanAssert[" + scope + ", " + lines() + "]";
  }
}
