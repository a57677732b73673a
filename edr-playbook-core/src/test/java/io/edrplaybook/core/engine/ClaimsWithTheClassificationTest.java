package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Condition;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A submission asks the journal once for the classification and the claims of the runs of its rows
 * without a condition (one commit on a database); when that call fails, nothing of it is held.
 */
class ClaimsWithTheClassificationTest {
  private final FakeRunner runner = new FakeRunner();

  private static SecurityEvent event(String id) {
    return SecurityEvent.builder().id(id).organization("acme")
        .device(Device.of("LAPTOP-7", "Laptops", "10.1.2.3", "Windows 11")).classification(Classification.MALICIOUS)
        .time(Instant.parse("2026-01-01T00:00:00Z")).details(Map.of("rule", "Ransomware")).build();
  }

  @Test
  void theRunsOfRowsWithoutAConditionAreClaimedWithTheClassificationInOneJournalCall() {
    FailingJournal journal = new FailingJournal();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(Fixtures.acme()).build()) {
      EventOutcome o = await(engine.submit(event("ev-1")));
      assertEquals(3, o.results().size(), o.toString());
      assertEquals(1, journal.calls("classify with claims"));
      assertEquals(3, journal.calls("claim"), "the default asks claim once per run, inside the one call");
      assertEquals(0, await(engine.submit(event("ev-1"))).results().size(), "claimed once");
      assertEquals(2, journal.calls("classify with claims"));
    }
  }

  @Test
  void aRowWithAConditionIsClaimedAfterTheClassificationWasRecorded() {
    FailingJournal journal = new FailingJournal();
    Configuration conditioned = withCondition(Fixtures.acme(), "Block Address",
        Condition.test("history.classifications", io.edrplaybook.api.ConditionOperator.CONTAINS, "MALICIOUS"));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(conditioned).build()) {
      EventOutcome o = await(engine.submit(event("ev-1")));
      assertEquals(3, o.results().size(), "the condition sees this submission's classification: " + o);
      assertEquals(1, journal.calls("classify with claims"));
      assertEquals(3, journal.calls("claim"), "two with the classification, then the conditioned row's");
    }
  }

  @Test
  void aSubmissionWhoseClaimFailsRunsNothingAndHoldsNoneOfItsClaims() {
    FailingJournal journal = new FailingJournal();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(Fixtures.acme()).build()) {
      journal.fail("claim");
      assertThrows(JournalException.class, () -> engine.submit(event("ev-1")));
      assertTrue(runner.calls.isEmpty(), "nothing ran");
      journal.heal();
      assertEquals(3, await(engine.submit(event("ev-1"))).results().size(),
          "a later submission runs every row once the journal is back");
    }
  }

  private static Configuration withCondition(Configuration cfg, String action, Condition condition) {
    Configuration.Builder b = cfg.toBuilder();
    for (Playbook pb : cfg.playbooks()) {
      b.replacePlaybook(new Playbook(pb.organization(), pb.name(), pb.isDefault(), pb.collectorGroups(),
          pb.rules().stream().map(r -> r.action().equals(action) ? r.when(condition) : r).toList()));
    }
    return b.build();
  }
}
