package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Condition;
import io.edrplaybook.api.ConditionOperator;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.Plan;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.api.SkippedRow;
import io.edrplaybook.core.CorePlaybookEngine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A row with a condition runs only when it holds; a removed row is not claimed, run or recorded. */
class ConditionalRowsTest {
  private static final Condition RANSOMWARE = Condition.equals("details.rule", "Ransomware");

  private final FakeRunner runner = new FakeRunner();
  private final CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  /** The acme configuration with the default playbook's row of {@code action} changed. */
  private static Configuration withRow(String action, UnaryOperator<PlaybookRule> change) {
    Configuration cfg = Fixtures.acme();
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    cfg.actions().forEach(b::action);
    cfg.connectors().forEach(b::connector);
    for (Playbook pb : cfg.playbooks()) {
      boolean target = pb.organization().equals("acme") && pb.isDefault();
      b.playbook(new Playbook(pb.organization(), pb.name(), pb.isDefault(), pb.collectorGroups(),
          pb.rules().stream().map(r -> target && r.action().equals(action) ? change.apply(r) : r).toList()));
    }
    return b.build();
  }

  private static SecurityEvent event(String id, Classification c, String rule) {
    return SecurityEvent.builder().id(id).organization("acme")
        .device(Device.of("LAPTOP-7", "Laptops", "10.1.2.3", "Windows 11")).classification(c)
        .time(Instant.parse("2026-01-01T00:00:00Z")).details(Map.of("rule", rule)).build();
  }

  private static List<String> ran(EventOutcome o) {
    return o.results().stream().map(r -> r.invocation().action() + " @ " + r.invocation().connector()).sorted()
        .toList();
  }

  @Test
  void aRowWhoseConditionHoldsRuns() {
    engine.configure(withRow("Block Address", r -> r.when(RANSOMWARE)));
    EventOutcome o = await(engine.submit(event("ev-1", Classification.MALICIOUS, "Ransomware")));
    assertTrue(ran(o).contains("Block Address @ Edge FW"), ran(o).toString());
  }

  @Test
  void aRowWhoseConditionFailsDoesNotRunAndLeavesNoRecord() {
    engine.configure(withRow("Block Address", r -> r.when(RANSOMWARE)));
    EventOutcome o = await(engine.submit(event("ev-1", Classification.MALICIOUS, "Phishing")));
    assertEquals(List.of("IM Notification @ SOC Slack", "IM Notification @ SOC Teams"), ran(o));
    assertTrue(runner.callsOf("fw.py").isEmpty());
    assertTrue(engine.history("ev-1").runs().stream().noneMatch(r -> r.invocation().action().equals("Block Address")));
    assertEquals(List.of(), o.skipped(), "skipped lists runs that already ran, not rows a condition removed");
    assertEquals(1, engine.history("ev-1").classifications().size());
  }

  @Test
  void aRowRemovedByItsConditionIsNotClaimed() {
    engine.configure(withRow("Block Address", r -> r.when(RANSOMWARE)));
    await(engine.submit(event("ev-1", Classification.MALICIOUS, "Phishing")));
    engine.configure(Fixtures.acme());
    EventOutcome again = await(engine.submit(event("ev-1", Classification.MALICIOUS, "Phishing")));
    assertEquals(List.of("Block Address @ Edge FW"), ran(again), "the row's run was never claimed, so it runs now");
  }

  @Test
  void planSaysWhichRowAConditionRemovedAndWhy() {
    engine.configure(withRow("Block Address", r -> r.when(Condition.all(RANSOMWARE,
        Condition.in("device.os", "Windows 11")))));
    Plan plan = engine.plan(event("ev-1", Classification.MALICIOUS, "Phishing"));
    SkippedRow s = plan.skipped("Block Address").orElseThrow(() -> new AssertionError(plan.toString()));
    assertEquals(PlaybookSection.REMEDIATION, s.section());
    assertEquals(List.of("Edge FW"), s.connectors());
    assertEquals("all(details.rule equals \"Ransomware\", device.os in [\"Windows 11\"])", s.condition());
    assertEquals("details.rule equals \"Ransomware\" (was \"Phishing\")", s.failedClause());
    assertTrue(s.reason().startsWith("row \"Block Address\" removed by its condition all("), s.reason());
    assertTrue(plan.invocations().stream().noneMatch(p -> p.action().equals("Block Address")), plan.toString());
    assertEquals(2, plan.toRun().size());
    assertEquals(List.of(), engine.plan(event("ev-2", Classification.MALICIOUS, "Ransomware")).skipped());
  }

  @Test
  void aConditionOnThePreviousClassificationSeesTheReclassification() {
    engine.configure(withRow("Block Address", r -> r.when(Condition.equals("history.previous", "SUSPICIOUS"))));
    await(engine.submit(event("ev-1", Classification.SUSPICIOUS, "x")));
    Plan plan = engine.plan(event("ev-1", Classification.MALICIOUS, "x"));
    assertTrue(plan.skipped().isEmpty(), plan.toString());
    EventOutcome o = await(engine.submit(event("ev-1", Classification.MALICIOUS, "x")));
    assertTrue(ran(o).contains("Block Address @ Edge FW"), ran(o).toString());

    EventOutcome direct = await(engine.submit(event("ev-2", Classification.MALICIOUS, "x")));
    assertTrue(!ran(direct).contains("Block Address @ Edge FW"), ran(direct).toString());
  }

  @Test
  void aConditionOnEveryClassificationReceivedSeesTheWholeHistory() {
    Condition everMalicious = Condition.test("history.classifications", ConditionOperator.CONTAINS, "MALICIOUS");
    engine.configure(withRow("IM Notification", r -> new PlaybookRule(r.section(), r.action(),
        Set.of(Classification.LIKELY_SAFE), r.connectors()).when(everMalicious)));
    await(engine.submit(event("ev-1", Classification.MALICIOUS, "x")));
    await(engine.submit(event("ev-1", Classification.SUSPICIOUS, "x")));
    assertEquals(2, engine.plan(event("ev-1", Classification.LIKELY_SAFE, "x")).toRun().size());
    EventOutcome o = await(engine.submit(event("ev-1", Classification.LIKELY_SAFE, "x")));
    assertEquals(List.of("IM Notification @ SOC Slack", "IM Notification @ SOC Teams"), ran(o));

    Plan never = engine.plan(event("ev-2", Classification.LIKELY_SAFE, "x"));
    assertEquals("history.classifications contains \"MALICIOUS\" (was [\"LIKELY_SAFE\"])",
        never.skipped("IM Notification").orElseThrow().failedClause());
    assertEquals(List.of(), ran(await(engine.submit(event("ev-2", Classification.LIKELY_SAFE, "x")))));
  }

  @Test
  void aConditionWhoseHistoryCannotBeReadRejectsOnlyItsRowAndLeavesItUnclaimed() {
    FailingJournal journal = new FailingJournal();
    Condition everMalicious = Condition.test("history.classifications", ConditionOperator.CONTAINS, "MALICIOUS");
    try (CorePlaybookEngine failing = Fixtures.engine(runner).journal(journal)
        .configuration(withRow("Block Address", r -> r.when(everMalicious))).build()) {
      journal.fail("read");
      EventOutcome o = await(failing.submit(event("ev-1", Classification.MALICIOUS, "x")));
      assertEquals(List.of("IM Notification @ SOC Slack", "IM Notification @ SOC Teams"),
          o.results().stream().filter(r -> r.status().succeeded())
              .map(r -> r.invocation().action() + " @ " + r.invocation().connector()).sorted().toList());
      InvocationResult rejected = o.results().stream().filter(r -> r.invocation().action().equals("Block Address"))
          .findFirst().orElseThrow(() -> new AssertionError(o.toString()));
      assertEquals(InvocationStatus.REJECTED, rejected.status());
      assertTrue(rejected.message().startsWith("not run: the journal failed"), rejected.message());
      assertTrue(runner.callsOf("fw.py").isEmpty());

      journal.heal();
      EventOutcome again = await(failing.submit(event("ev-1", Classification.MALICIOUS, "x")));
      assertEquals(List.of("Block Address @ Edge FW"), ran(again), "not claimed, so it runs once the journal reads");
    }
  }

  @Test
  void aSecretInAFailedClauseIsMasked() {
    engine.configure(withRow("Block Address", r -> r.when(RANSOMWARE)));
    Plan plan = engine.plan(event("ev-1", Classification.MALICIOUS, "token " + Fixtures.SLACK_KEY));
    String clause = plan.skipped("Block Address").orElseThrow().failedClause();
    assertTrue(!clause.contains(Fixtures.SLACK_KEY) && clause.contains("****"), clause);
  }
}
