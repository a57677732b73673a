package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvalidEventException;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.Plan;
import io.edrplaybook.core.CorePlaybookEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which rows run on which connectors, per the domain rules (README.md, introduction). */
class PlaybookEvaluationTest {
  private final FakeRunner runner = new FakeRunner();
  private final CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static List<String> ran(EventOutcome o) {
    return o.results().stream().map(r -> r.invocation().action() + " @ " + r.invocation().connector()
        + " with " + r.invocation().script()).sorted().toList();
  }

  @Test
  void selectAllRunsEveryBoundConnectorWithItsOwnScript() {
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)));
    assertEquals(List.of("IM Notification @ SOC Slack with slack", "IM Notification @ SOC Teams with teams"), ran(o));
    assertEquals(1, runner.callsOf("slack.py").size());
    assertEquals(1, runner.callsOf("teams.py").size());
  }

  @Test
  void namedSelectionRunsOnlyTheNamedConnectors() {
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    assertTrue(ran(o).contains("Block Address @ Edge FW with firewall"));
    assertTrue(runner.callsOf("nac.py").isEmpty(), "Campus NAC is bound to Block Address but not named in the row");
  }

  @Test
  void firewallAndNacConnectorsReuseOneAction() {
    var cfg = Fixtures.acmeBuilder().build();
    var nac = cfg.connector("acme", "Campus NAC").orElseThrow();
    var fw = cfg.connector("acme", "Edge FW").orElseThrow();
    assertTrue(nac.performs("Block Address") && fw.performs("Block Address"));
    var result = await(engine.test("acme", "Campus NAC", "Block Address", io.edrplaybook.api.TestMode.RUN_SCRIPT));
    assertEquals(InvocationStatus.SUCCEEDED, result.status());
    assertEquals("nac", result.invocation().script());
  }

  @Test
  void collectorGroupAssignmentPicksItsPlaybook() {
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Finance", Classification.SUSPICIOUS)));
    assertEquals("Finance", o.playbook().orElseThrow());
    assertEquals(List.of("Open Ticket @ Tickets with ticket"), ran(o));
  }

  @Test
  void groupWithoutAssignmentUsesTheDefaultPlaybook() {
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Nobody assigned me", Classification.SUSPICIOUS)));
    assertEquals("Default Playbook", o.playbook().orElseThrow());
  }

  @Test
  void unselectedClassificationRunsNothing() {
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.LIKELY_SAFE)));
    assertTrue(o.results().isEmpty());
    assertTrue(runner.calls.isEmpty());
  }

  @Test
  void organizationWithoutApplicablePlaybookRecordsThatNoneApplies() {
    engine.configure(Fixtures.acmeBuilder().build().toBuilder().organization("initech").build());
    EventOutcome o = await(engine.submit(event("ev-9", "initech", "Any", Classification.MALICIOUS)));
    assertTrue(o.playbook().isEmpty());
    ClassificationChange c = engine.history("ev-9").classifications().get(0);
    assertTrue(c.note().startsWith("no playbook applies"), c.note());
  }

  @Test
  void eventOfUnknownOrganizationIsRefused() {
    var e = assertThrows(InvalidEventException.class,
        () -> engine.submit(event("ev-1", "umbrella", "Any", Classification.MALICIOUS)));
    assertTrue(e.getMessage().contains("\"umbrella\""), e.getMessage());
    assertTrue(engine.history("ev-1").isEmpty());
  }

  @Test
  void organizationsNeverCross() {
    await(engine.submit(event("ev-g", "globex", "Any", Classification.MALICIOUS)));
    assertEquals(1, runner.calls.size());
    assertEquals("g-slack.py", runner.calls.get(0).file());
    await(engine.submit(event("ev-a", "acme", "Any", Classification.MALICIOUS)));
    assertTrue(runner.callsOf("g-slack.py").size() == 1, "acme's event must not run globex's connector");
  }

  @Test
  void planExecutesNothingAndSaysWhy() {
    Plan plan = engine.plan(event("ev-1", "acme", "Laptops", Classification.MALICIOUS));
    assertEquals(3, plan.toRun().size());
    assertTrue(plan.reason().contains("default playbook"), plan.reason());
    assertTrue(plan.invocations().get(0).reason().contains("checked for MALICIOUS"), plan.invocations().get(0).reason());
    assertTrue(runner.calls.isEmpty());
    assertTrue(engine.history("ev-1").isEmpty());
  }

  @Test
  void planMarksWhatAlreadyRan() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    Plan plan = engine.plan(event("ev-1", "acme", "Laptops", Classification.MALICIOUS));
    assertTrue(plan.toRun().isEmpty());
    assertFalse(plan.invocations().isEmpty());
    assertTrue(plan.invocations().get(0).reason().startsWith("already ran"));
  }

  @Test
  void scriptSeesTheContextOfTheConventions() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    FakeRunner.Call fw = runner.callsOf("fw.py").get(0);
    Map<String, Object> ctx = fw.call().ctx();
    assertEquals(Map.of("name", "Block Address", "description", "Block the device"), ctx.get("action"));
    Map<String, Object> connector = fw.ctx("connector");
    assertEquals("Edge FW", connector.get("name"));
    assertEquals("FIREWALL", connector.get("type"));
    assertEquals("jb-1", connector.get("jumpBox"));
    assertEquals(8443, connector.get("port"));
    assertEquals(Map.of("type", "credentials", "username", "api", "password", Fixtures.FW_PASSWORD),
        connector.get("auth"));
    Map<String, Object> ev = fw.ctx("event");
    assertEquals("MALICIOUS", ev.get("classification"));
    assertEquals(null, ev.get("previousClassification"));
    assertEquals("2026-01-01T00:00:00.000Z", ev.get("time"));
    assertEquals("10.1.2.3", ((Map<?, ?>) ev.get("device")).get("address"));
    assertEquals(Map.of("process", "evil.exe"), ev.get("details"));
    assertEquals(false, ctx.get("test"));
    assertEquals(fw.call().invocationId(), ctx.get("invocationId"));
  }
}
