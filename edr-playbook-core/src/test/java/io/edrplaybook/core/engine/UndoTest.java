package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoPolicy;
import io.edrplaybook.api.UndoScheduled;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.PlaybookListener;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Undo: a row's runs are undone after a delay or on a reclassification, once, and only when they succeeded. */
class UndoTest {
  private final FakeRunner runner = new FakeRunner();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final CountDownLatch undoEnded = new CountDownLatch(1);
  private final AtomicBoolean fwFails = new AtomicBoolean();
  private CorePlaybookEngine engine;

  /** The acme configuration whose "Block Address" row (Edge FW, MALICIOUS) is undone per {@code policy}. */
  static Configuration undone(UndoPolicy policy) {
    Configuration cfg = Fixtures.acme();
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    cfg.actions().forEach(a -> b.action(a.name().equals("Block Address") ? withUndo(a) : a));
    cfg.connectors().forEach(b::connector);
    for (Playbook p : cfg.playbooks()) {
      List<PlaybookRule> rules = new ArrayList<>();
      for (PlaybookRule r : p.rules()) {
        rules.add(r.action().equals("Block Address") ? r.withUndo(policy) : r);
      }
      b.playbook(new Playbook(p.organization(), p.name(), p.isDefault(), p.collectorGroups(), rules));
    }
    return b.build();
  }

  /** {@code a} with every script defining undo(ctx). */
  static io.edrplaybook.api.Action withUndo(io.edrplaybook.api.Action a) {
    return new io.edrplaybook.api.Action(a.organization(), a.name(), a.description(), a.scripts().stream()
        .map(x -> io.edrplaybook.api.ActionScript.of(x.name(), x.file(), x.source() + "\ndef undo(ctx):\n    return None\n"))
        .toList(), a.timeout(), a.retry(), a.idempotent());
  }

  @Test
  void aRowUndoneWhoseScriptDefinesNoUndoIsRefusedAtUpload() {
    Configuration cfg = undone(UndoPolicy.after(Duration.ofHours(1)));
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    Fixtures.acme().actions().forEach(b::action); // the scripts without undo
    cfg.connectors().forEach(b::connector);
    cfg.playbooks().forEach(b::playbook);
    io.edrplaybook.api.ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.edrplaybook.api.ConfigurationException.class, () -> engine.configure(b.build()));
    assertEquals(List.of("playbooks[0].rules[1].undo"), e.problems().stream().map(p -> p.path()).toList(),
        e.getMessage());
    assertTrue(e.problems().get(0).message().contains("script \"firewall\" (fw.py) of action \"Block Address\""
        + " defines no top-level def undo(ctx)"), e.getMessage());
  }

  UndoTest() {
    runner.on("fw.py", c -> c.entryPoint() == EntryPoint.UNDO
        ? ScriptOutcome.succeeded(Map.of("message", "unblocked"), "", false)
        : fwFails.get() ? FakeRunner.fail("HTTPError", "HTTP Error 500", false)
        : ScriptOutcome.succeeded(Map.of("message", "blocked", "rule", "rule-7"), "", false));
    engine = Fixtures.engine(runner).clock(clock)
        .configuration(undone(UndoPolicy.after(Duration.ofHours(24)).orOnReclassifiedTo(Classification.LIKELY_SAFE)))
        .listener(new PlaybookListener() {
          @Override
          public void onUndoEnded(UndoEnded ended) {
            undoEnded.countDown();
          }
        }).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private List<FakeRunner.Call> undoCalls() {
    return runner.callsOf("fw.py").stream().filter(c -> c.call().entryPoint() == EntryPoint.UNDO).toList();
  }

  private void submitMalicious() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
  }

  @Test
  void aSucceededRunIsUndoneOnceWhenItsDelayEnded() {
    submitMalicious();
    assertEquals(List.of(), await(engine.runDue()), "not due before the delay");
    clock.advance(Duration.ofHours(24));
    List<InvocationResult> due = await(engine.runDue());
    assertEquals(1, due.size());
    assertEquals(InvocationStatus.SUCCEEDED, due.get(0).status());
    assertEquals("undo: Block Address", due.get(0).invocation().action());
    assertEquals("Edge FW", due.get(0).invocation().connector());
    assertEquals(1, undoCalls().size());
    assertEquals(List.of(), await(engine.runDue()), "undone once");
    assertEquals(1, undoCalls().size());
  }

  @Test
  void theUndoSeesTheOriginalRunsResultAndWhy() {
    submitMalicious();
    clock.advance(Duration.ofHours(25));
    await(engine.runDue());
    Map<String, Object> ctx = undoCalls().get(0).call().ctx();
    @SuppressWarnings("unchecked")
    Map<String, Object> original = (Map<String, Object>) ctx.get("original");
    assertEquals(Map.of("message", "blocked", "rule", "rule-7"), original.get("result"));
    assertEquals("SUCCEEDED", original.get("status"));
    assertEquals("after PT24H", ((Map<?, ?>) ctx.get("undo")).get("reason"));
    assertEquals("ev-1", ((Map<?, ?>) ctx.get("event")).get("id"), "the event as the run saw it");
  }

  @Test
  void aReclassificationToAGivenClassificationUndoesTheRunAtOnce() throws Exception {
    submitMalicious();
    List<InvocationResult> safe = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.LIKELY_SAFE)))
        .results();
    assertEquals(List.of("undo: Block Address SUCCEEDED"), safe.stream()
        .map(r -> r.invocation().action() + " " + r.status()).toList(), "the submission's outcome holds the undo run");
    assertTrue(undoEnded.await(30, TimeUnit.SECONDS), "the undo ended");
    assertEquals(1, undoCalls().size());
    assertEquals("reclassified LIKELY_SAFE", ((Map<?, ?>) undoCalls().get(0).call().ctx().get("undo")).get("reason"));
    clock.advance(Duration.ofHours(24));
    assertEquals(List.of(), await(engine.runDue()), "the timed undo does not run it again");
  }

  @Test
  void aReclassificationToAnotherClassificationUndoesNothing() {
    submitMalicious();
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)));
    assertTrue(engine.awaitListeners(Duration.ofSeconds(10)));
    assertEquals(0, undoCalls().size());
  }

  @Test
  void theUndoOfARunThatFailedIsCancelled() {
    fwFails.set(true);
    submitMalicious();
    clock.advance(Duration.ofHours(24));
    assertEquals(List.of(), await(engine.runDue()));
    assertEquals(0, undoCalls().size());
    UndoEnded ended = engine.history("acme", "ev-1").entries().stream().filter(e -> e instanceof UndoEnded)
        .map(e -> (UndoEnded) e).findFirst().orElseThrow();
    assertFalse(ended.ran());
    assertTrue(ended.reason().contains("ended FAILED"), ended.reason());
  }

  @Test
  void theHistoryShowsTheUndoNextToTheRunItReverts() {
    submitMalicious();
    clock.advance(Duration.ofHours(24));
    await(engine.runDue());
    List<HistoryEntry> h = engine.history("acme", "ev-1").entries();
    List<String> fw = h.stream().map(e -> e instanceof UndoScheduled ? "scheduled"
        : e instanceof UndoEnded u ? "ended " + u.ran()
        : e instanceof InvocationResult r && r.invocation().connector().equals("Edge FW")
            ? r.invocation().action() + " " + r.status() : "").filter(x -> !x.isEmpty()).toList();
    assertEquals(List.of("scheduled", "Block Address SUCCEEDED", "undo: Block Address SUCCEEDED", "ended true"), fw);
  }

  @Test
  void aRowWithoutUndoSchedulesNone() {
    await(engine.submit(event("ev-2", "acme", "Laptops", Classification.SUSPICIOUS)));
    assertTrue(engine.history("acme", "ev-2").entries().stream().noneMatch(e -> e instanceof UndoScheduled));
  }

  @Test
  void anApprovedRunIsUndoneLikeAnyOther() {
    engine.close();
    Configuration gatedAndUndone = undone(UndoPolicy.after(Duration.ofHours(24)));
    Configuration.Builder b = Configuration.builder();
    gatedAndUndone.organizations().forEach(b::organization);
    gatedAndUndone.jumpBoxes().forEach(b::jumpBox);
    gatedAndUndone.actions().forEach(b::action);
    gatedAndUndone.connectors().forEach(b::connector);
    gatedAndUndone.playbooks().forEach(p -> b.playbook(new Playbook(p.organization(), p.name(), p.isDefault(),
        p.collectorGroups(), p.rules().stream().map(r -> r.action().equals("Block Address")
            ? r.withApproval(io.edrplaybook.api.ApprovalGate.of(Duration.ofHours(1),
                io.edrplaybook.api.ApprovalGate.OnExpiry.DENY)) : r).toList())));
    engine = Fixtures.engine(runner).clock(clock).configuration(b.build()).build();
    submitMalicious();
    assertEquals(0, runner.callsOf("fw.py").size());
    clock.advance(Duration.ofMinutes(10));
    await(engine.approve(ApprovalGatesTest.FW, "alice", ""));
    clock.advance(Duration.ofHours(24));
    List<InvocationResult> due = await(engine.runDue());
    assertEquals(List.of("undo: Block Address"), due.stream().map(r -> r.invocation().action()).toList());
    assertEquals(1, undoCalls().size());
  }

  @Test
  void theUndoOfARunThatNeverRanIsCancelledNotKeptForever() {
    io.edrplaybook.api.Invocation never = new io.edrplaybook.api.Invocation("inv-never", "ev-9", "acme",
        Classification.MALICIOUS, "Block Address", "Edge FW", "firewall", "fake", "jb-1", false, 1);
    // what a run whose lane refused it leaves: its schedule, and no claim (given back)
    engine.journal().scheduleUndo(new UndoScheduled(never, clock.instant(),
        java.util.Optional.of(clock.instant()), java.util.Set.of(), Map.of()));
    assertEquals(List.of(), await(engine.runDue()));
    UndoEnded ended = engine.history("acme", "ev-9").entries().stream().filter(e -> e instanceof UndoEnded)
        .map(e -> (UndoEnded) e).findFirst().orElseThrow();
    assertTrue(ended.reason().contains("never ran"), ended.reason());
    assertEquals(List.of(), engine.journal().undosDue(clock.instant(), 10), "no longer due");
  }

  @Test
  void thePlanSaysWhenARunWouldBeUndone() {
    io.edrplaybook.api.PlannedInvocation fw = engine.plan(event("ev-1", "acme", "Laptops", Classification.MALICIOUS))
        .invocations().stream().filter(l -> l.connector().equals("Edge FW")).findFirst().orElseThrow();
    assertTrue(fw.reason().endsWith("; undone after PT24H or when reclassified [LIKELY_SAFE] if it succeeds"),
        fw.reason());
  }
}
