package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Condition;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.testkit.PlaybookTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A test asserts that a row was removed by its condition, and why. */
class ConditionalRowTest {

  /** The SOC playbook with Block Address only for ransomware. */
  private static Configuration ransomwareOnly() {
    Configuration c = SocPlaybook.configuration();
    Configuration.Builder b = Configuration.builder();
    c.organizations().forEach(b::organization);
    c.jumpBoxes().forEach(b::jumpBox);
    c.actions().forEach(b::action);
    c.connectors().forEach(b::connector);
    for (Playbook pb : c.playbooks()) {
      b.playbook(new Playbook(pb.organization(), pb.name(), pb.isDefault(), pb.collectorGroups(),
          pb.rules().stream().map(r -> r.action().equals("Block Address")
              ? r.when(Condition.equals("details.rule", "Ransomware")) : r).toList()));
    }
    return b.build();
  }

  @Test
  void aRowRemovedByItsConditionIsAssertedWithTheFailedClause() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(ransomwareOnly()).build()) {
      var plan = kit.plan(kit.newEvent("ev-1", MALICIOUS).details(Map.of("rule", "Phishing")).build())
          .assertSkippedByCondition("Block Address")
          .assertSkippedByCondition("Block Address", "details.rule equals \"Ransomware\" (was \"Phishing\")")
          .assertNotSkippedByCondition("IM Notification")
          .assertWouldNotRun("Block Address", "Edge FW");
      assertEquals(1, plan.skipped().size());

      kit.plan(kit.newEvent("ev-2", MALICIOUS).details(Map.of("rule", "Ransomware")).build())
          .assertNotSkippedByCondition("Block Address").assertWouldRun("Block Address", "Edge FW");
      kit.assertNothingRan();
    }
  }

  @Test
  void aFailedSkipAssertionShowsThePlanAndTheRemovedRows() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(ransomwareOnly()).build()) {
      var plan = kit.plan(kit.newEvent("ev-1", MALICIOUS).details(Map.of("rule", "Phishing")).build());
      AssertionError notRemoved = assertThrows(AssertionError.class,
          () -> plan.assertSkippedByCondition("IM Notification"));
      assertTrue(notRemoved.getMessage().contains("removed by their condition: [row \"Block Address\" removed"),
          notRemoved.getMessage());
      AssertionError otherClause = assertThrows(AssertionError.class,
          () -> plan.assertSkippedByCondition("Block Address", "device.os"));
      assertTrue(otherClause.getMessage().endsWith("but it failed on details.rule equals \"Ransomware\""
          + " (was \"Phishing\")"), otherClause.getMessage());
      assertThrows(AssertionError.class, () -> plan.assertWouldRun("Block Address", "Edge FW"));
    }
  }
}
