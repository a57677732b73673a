package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.Plan;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.PlaybookListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Approval gates: a gated row's run awaits a decision instead of running. */
class ApprovalGatesTest {
  static final RunKey FW = new RunKey(new EventKey("acme", "ev-1"), Classification.MALICIOUS, "Block Address",
      "Edge FW");

  private final FakeRunner runner = new FakeRunner();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final List<Object> heard = new CopyOnWriteArrayList<>();
  private CorePlaybookEngine engine = build(gated(ApprovalGate.of(Duration.ofHours(4), ApprovalGate.OnExpiry.DENY)));

  /** The acme configuration whose "Block Address" row (Edge FW, MALICIOUS) requires {@code gate}. */
  static Configuration gated(ApprovalGate gate) {
    Configuration cfg = Fixtures.acme();
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    cfg.actions().forEach(b::action);
    cfg.connectors().forEach(b::connector);
    for (Playbook p : cfg.playbooks()) {
      List<PlaybookRule> rules = new ArrayList<>();
      for (PlaybookRule r : p.rules()) {
        rules.add(r.action().equals("Block Address") ? r.withApproval(gate) : r);
      }
      b.playbook(new Playbook(p.organization(), p.name(), p.isDefault(), p.collectorGroups(), rules));
    }
    return b.build();
  }

  private CorePlaybookEngine build(Configuration cfg) {
    return Fixtures.engine(runner).clock(clock).configuration(cfg).listener(new PlaybookListener() {
      @Override
      public void onAwaitingApproval(AwaitingApproval awaiting) {
        heard.add(awaiting);
      }

      @Override
      public void onApprovalDecided(ApprovalDecision decision) {
        heard.add(decision);
      }

      @Override
      public void onFinished(InvocationResult result) {
        heard.add(result);
      }
    }).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private EventOutcome submitMalicious() {
    return await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
  }

  @Test
  void aGatedRunAwaitsApprovalInsteadOfRunning() {
    EventOutcome o = submitMalicious();
    assertEquals(List.of(FW), o.awaiting().stream().map(AwaitingApproval::runKey).toList());
    assertEquals(0, runner.callsOf("fw.py").size(), "nothing ran on the firewall");
    assertEquals(1, runner.callsOf("slack.py").size(), "the ungated row ran");
    AwaitingApproval a = o.awaiting().get(0);
    assertEquals(clock.instant().plus(Duration.ofHours(4)), a.expiresAt());
    assertEquals("ev-1", a.event().get("id"), "the event kept for the run");
    assertEquals(List.of(a), engine.history("acme", "ev-1").awaitingApproval());
    assertEquals(List.of(a), engine.pending("acme"));
    assertEquals(List.of(), engine.pending("globex"));
  }

  @Test
  void theEventKeptForAnApprovalHoldsNoSecret() {
    await(engine.submit(io.edrplaybook.api.SecurityEvent.builder().id("ev-1").organization("acme")
        .device(io.edrplaybook.api.Device.of("LAPTOP-7", "Laptops", "10.1.2.3", "Windows 11"))
        .classification(Classification.MALICIOUS).time(Instant.parse("2026-01-01T00:00:00Z"))
        .details(java.util.Map.of("note", "pasted " + Fixtures.FW_PASSWORD)).build()));
    AwaitingApproval a = engine.pending("acme").get(0);
    String details = String.valueOf(a.event().get("details"));
    assertFalse(details.contains(Fixtures.FW_PASSWORD), details);
    assertTrue(details.contains("****"), details);
  }

  @Test
  void approvingRunsTheRunOnceWithTheEventAsSubmittedAndRecordsWhoApproved() {
    submitMalicious();
    InvocationResult r = await(engine.approve(FW, "alice", "confirmed with the user"));
    assertEquals(InvocationStatus.SUCCEEDED, r.status());
    assertEquals(1, runner.callsOf("fw.py").size());
    assertEquals("10.1.2.3", ((java.util.Map<?, ?>) runner.callsOf("fw.py").get(0).ctx("event").get("device"))
        .get("address"));
    ClassificationDetails d = engine.history("acme", "ev-1");
    assertEquals(1, d.decisions().size());
    ApprovalDecision decision = d.decisions().get(0);
    assertEquals(ApprovalDecision.Verdict.APPROVED, decision.verdict());
    assertEquals("alice", decision.by());
    assertEquals("confirmed with the user", decision.comment());
    assertEquals(clock.instant(), decision.time());
    assertEquals(List.of(), engine.pending("acme"));
    IllegalStateException again = assertThrows(IllegalStateException.class, () -> engine.approve(FW, "bob", ""));
    assertTrue(again.getMessage().contains("does not await approval"), again.getMessage());
    assertEquals(1, runner.callsOf("fw.py").size(), "a second approval runs nothing");
  }

  @Test
  void denyingEndsTheRunDeniedWithoutRunningIt() {
    submitMalicious();
    InvocationResult r = engine.deny(FW, "bob", "it is the CEO's laptop");
    assertEquals(InvocationStatus.DENIED, r.status());
    assertTrue(r.message().contains("denied by bob: it is the CEO's laptop"), r.message());
    assertEquals(0, runner.callsOf("fw.py").size());
    assertEquals(List.of(InvocationStatus.DENIED), engine.history("acme", "ev-1").runs().stream()
        .filter(x -> x.invocation().connector().equals("Edge FW")).map(InvocationResult::status).toList());
    assertThrows(IllegalStateException.class, () -> engine.approve(FW, "alice", ""), "a denied run cannot be approved");
    assertTrue(submitMalicious().awaiting().isEmpty(), "a resubmission does not ask again");
  }

  @Test
  void ofManyConcurrentApprovalsExactlyOneRunsTheRun() throws Exception {
    submitMalicious();
    int n = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String who = "approver-" + i;
        answers.add(pool.submit(() -> {
          go.await(10, TimeUnit.SECONDS);
          try {
            return await(engine.approve(FW, who, "")).status() == InvocationStatus.SUCCEEDED;
          } catch (IllegalStateException e) {
            return false;
          }
        }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : answers) {
        won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertEquals(1, won, "exactly one approval ran the run");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, runner.callsOf("fw.py").size());
    assertEquals(1, engine.history("acme", "ev-1").decisions().size());
  }

  @Test
  void aWindowThatEndsWithOnExpiryDenyEndsTheRunExpired() {
    submitMalicious();
    assertEquals(List.of(), await(engine.runDue()), "nothing is due before the window ends");
    clock.advance(Duration.ofHours(4));
    List<InvocationResult> due = await(engine.runDue());
    assertEquals(List.of(InvocationStatus.EXPIRED), due.stream().map(InvocationResult::status).toList());
    assertEquals(0, runner.callsOf("fw.py").size());
    assertEquals(ApprovalDecision.Verdict.EXPIRED, engine.history("acme", "ev-1").decisions().get(0).verdict());
    assertEquals(List.of(), await(engine.runDue()), "decided once");
  }

  @Test
  void aWindowThatEndsWithOnExpiryRunRunsTheRun() {
    engine.close();
    engine = build(gated(ApprovalGate.of(Duration.ofMinutes(30), ApprovalGate.OnExpiry.RUN)));
    submitMalicious();
    clock.advance(Duration.ofMinutes(31));
    List<InvocationResult> due = await(engine.runDue());
    assertEquals(List.of(InvocationStatus.SUCCEEDED), due.stream().map(InvocationResult::status).toList());
    assertEquals(1, runner.callsOf("fw.py").size());
    ApprovalDecision d = engine.history("acme", "ev-1").decisions().get(0);
    assertEquals(ApprovalDecision.Verdict.EXPIRED_RUN, d.verdict());
    assertEquals(ApprovalDecision.ENGINE, d.by());
  }

  @Test
  void aResubmissionOfAnEventAwaitingApprovalAsksNothingAgain() {
    submitMalicious();
    EventOutcome again = submitMalicious();
    assertTrue(again.awaiting().isEmpty());
    assertEquals(1, engine.pending("acme").size());
  }

  @Test
  void aReclassificationCancelsTheRunsAwaitingApprovalForTheEarlierClassification() {
    submitMalicious();
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)));
    assertEquals(List.of(), engine.pending("acme"));
    ClassificationDetails d = engine.history("acme", "ev-1");
    assertEquals(ApprovalDecision.Verdict.CANCELLED, d.decisions().get(0).verdict());
    assertEquals(List.of(InvocationStatus.CANCELLED), d.runs().stream()
        .filter(x -> x.invocation().connector().equals("Edge FW")).map(InvocationResult::status).toList());
    assertThrows(IllegalStateException.class, () -> engine.approve(FW, "alice", ""));
    assertEquals(0, runner.callsOf("fw.py").size());
  }

  @Test
  void thePlanSaysARunWouldAwaitApprovalAndThenThatItAwaitsIt() {
    Plan before = engine.plan(event("ev-1", "acme", "Laptops", Classification.MALICIOUS));
    PlannedInvocation fw = line(before);
    assertTrue(fw.willRun() && fw.awaitsApproval(), fw.toString());
    assertTrue(fw.reason().contains("requires approval"), fw.reason());
    submitMalicious();
    PlannedInvocation now = line(engine.plan(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    assertFalse(now.willRun());
    assertTrue(now.awaitsApproval());
    assertTrue(now.reason().startsWith("AWAITING_APPROVAL since"), now.reason());
  }

  private static PlannedInvocation line(Plan p) {
    return p.invocations().stream().filter(l -> l.connector().equals("Edge FW")).findFirst().orElseThrow();
  }

  @Test
  void listenersHearTheRequestTheDecisionAndTheEnd() {
    submitMalicious();
    engine.deny(FW, "bob", "");
    assertTrue(engine.awaitListeners(Duration.ofSeconds(10)));
    List<Object> fw = heard.stream().filter(h -> h instanceof HistoryEntry e && isFw(e)).toList();
    assertEquals(3, fw.size(), fw.toString());
    assertTrue(fw.get(0) instanceof AwaitingApproval);
    assertTrue(fw.get(1) instanceof ApprovalDecision);
    assertEquals(InvocationStatus.DENIED, ((InvocationResult) fw.get(2)).status());
  }

  private static boolean isFw(HistoryEntry e) {
    return e instanceof AwaitingApproval a ? a.invocation().connector().equals("Edge FW")
        : e instanceof ApprovalDecision d ? d.invocation().connector().equals("Edge FW")
        : e instanceof InvocationResult r && r.invocation().connector().equals("Edge FW");
  }

  @Test
  void aGateOnOneCellLeavesTheRowsOtherCellsUngated() {
    engine.close();
    Configuration cfg = Fixtures.acme();
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    cfg.actions().forEach(b::action);
    cfg.connectors().forEach(b::connector);
    b.playbook(Playbook.builder().organization("acme").name("Default Playbook").isDefault(true)
        .rule(PlaybookRule.builder(PlaybookSection.NOTIFICATIONS, "IM Notification")
            .connectors(ConnectorSelection.of("SOC Slack"))
            .classifications(Classification.MALICIOUS, Classification.SUSPICIOUS)
            .approval(ApprovalGate.of(Duration.ofHours(1), ApprovalGate.OnExpiry.DENY)
                .forCells(Classification.MALICIOUS)).build())
        .build());
    engine = build(b.build());
    EventOutcome suspicious = await(engine.submit(event("ev-2", "acme", "Laptops", Classification.SUSPICIOUS)));
    assertTrue(suspicious.awaiting().isEmpty());
    assertEquals(1, suspicious.results().size(), "the SUSPICIOUS cell ran at once");
    EventOutcome malicious = await(engine.submit(event("ev-3", "acme", "Laptops", Classification.MALICIOUS)));
    assertEquals(1, malicious.awaiting().size(), "the MALICIOUS cell awaits approval");
  }

  @Test
  void approvingARunOfAnotherOrganizationsEventOrAnUnknownRunSaysItDoesNotAwaitApproval() {
    submitMalicious();
    RunKey other = new RunKey(new EventKey("globex", "ev-1"), Classification.MALICIOUS, "Block Address", "Edge FW");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.deny(other, "bob", ""));
    assertTrue(e.getMessage().contains("nothing of it is recorded"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> engine.approve(FW, " ", ""), "an approver is named");
    assertEquals(1, engine.pending("acme").size());
  }

  @Test
  void aJournalWithoutApprovalsRejectsAGatedRunSayingWhyAndStaysHealthy() {
    engine.close();
    io.edrplaybook.core.InMemoryJournal inner = new io.edrplaybook.core.InMemoryJournal();
    io.edrplaybook.spi.ExecutionJournal plain = new WithoutApprovals(inner);
    engine = Fixtures.engine(runner).clock(clock).journal(plain)
        .configuration(gated(ApprovalGate.of(Duration.ofHours(1), ApprovalGate.OnExpiry.DENY))).build();
    EventOutcome o = submitMalicious();
    InvocationResult fw = o.result("Block Address", "Edge FW").orElseThrow();
    assertEquals(InvocationStatus.REJECTED, fw.status());
    assertTrue(fw.message().contains("does not support approvals"), fw.message());
    assertEquals(0, runner.callsOf("fw.py").size());
    assertTrue(engine.health().journalWritable(), "a journal without approvals is not a failed journal");
    assertEquals(java.util.Optional.empty(), inner.claimOf(FW), "the claim was given back");
  }

  /** A third-party journal that implements only the abstract methods. */
  private record WithoutApprovals(io.edrplaybook.spi.ExecutionJournal j) implements io.edrplaybook.spi.ExecutionJournal {
    @Override
    public io.edrplaybook.spi.Classified classify(io.edrplaybook.api.ClassificationChange change) {
      return j.classify(change);
    }

    @Override
    public java.util.Optional<io.edrplaybook.api.EventState> event(EventKey event) {
      return j.event(event);
    }

    @Override
    public io.edrplaybook.spi.RunClaim claim(io.edrplaybook.api.Invocation invocation) {
      return j.claim(invocation);
    }

    @Override
    public boolean retake(io.edrplaybook.api.Invocation invocation, java.util.Set<InvocationStatus> from) {
      return j.retake(invocation, from);
    }

    @Override
    public void release(io.edrplaybook.api.Invocation invocation) {
      j.release(invocation);
    }

    @Override
    public java.util.Optional<io.edrplaybook.spi.RunClaim> claimOf(RunKey key) {
      return j.claimOf(key);
    }

    @Override
    public void started(io.edrplaybook.api.InvocationStarted started) {
      j.started(started);
    }

    @Override
    public boolean finished(InvocationResult result) {
      return j.finished(result);
    }

    @Override
    public List<InvocationResult> recoverInterrupted(Instant now) {
      return j.recoverInterrupted(now);
    }

    @Override
    public List<HistoryEntry> history(EventKey event) {
      return j.history(event);
    }

    @Override
    public long forgetBefore(Instant cutoff) {
      return j.forgetBefore(cutoff);
    }
  }
}
