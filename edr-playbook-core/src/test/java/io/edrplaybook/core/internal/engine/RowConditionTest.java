package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Condition;
import io.edrplaybook.api.ConditionOperator;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each operator, a missing field, all/any/not: a failure names the clause and the value it saw. */
class RowConditionTest {
  private final AtomicInteger historyReads = new AtomicInteger();

  private final SecurityEvent event = SecurityEvent.builder().id("ev-1").organization("acme")
      .device(new Device("SRV-1", "Servers", "10.0.0.5", "linux", Map.of("site", "Berlin")))
      .classification(Classification.SUSPICIOUS).time(Instant.parse("2026-01-01T00:00:00Z"))
      .details(Map.of("rule", "Ransomware", "level", 7, "score", "8.5",
          "process", Map.of("name", "evil.exe", "args", List.of("-x", "-y")), "tags", List.of("a", "b")))
      .build();

  private final ConditionFacts facts = new ConditionFacts(event, Optional.of(Classification.MALICIOUS), () -> {
    historyReads.incrementAndGet();
    return List.of(Classification.MALICIOUS, Classification.SUSPICIOUS);
  });

  private String failure(Condition c) {
    return RowCondition.compile(c).failure(facts);
  }

  private static Condition test(String field, ConditionOperator op, Object operand) {
    return Condition.test(field, op, operand);
  }

  @Test
  void equalsComparesTextsExactlyAndNumbersByValue() {
    assertNull(failure(Condition.equals("details.rule", "Ransomware")));
    assertEquals("details.rule equals \"ransomware\" (was \"Ransomware\")",
        failure(Condition.equals("details.rule", "ransomware")));
    assertNull(failure(Condition.equals("details.level", 7.0)));
    assertNull(failure(Condition.equals("details.score", 8.5)), "a number in a text compares as a number");
    assertNull(failure(Condition.equals("organization", "acme")));
    assertNull(failure(Condition.equals("classification", "Suspicious")));
  }

  @Test
  void inHoldsWhenOneValueEquals() {
    assertNull(failure(Condition.in("device.os", "windows", "linux")));
    assertEquals("device.os in [\"windows\", \"macos\"] (was \"linux\")",
        failure(Condition.in("device.os", "windows", "macos")));
  }

  @Test
  void numericComparisonsCompareNumbersAndRefuseOtherValues() {
    assertNull(failure(test("details.level", ConditionOperator.GT, 6)));
    assertNull(failure(test("details.level", ConditionOperator.GTE, 7)));
    assertNull(failure(test("details.score", ConditionOperator.LT, 9)));
    assertNull(failure(test("details.score", ConditionOperator.LTE, 8.5)));
    assertEquals("details.level gt 7 (was 7)", failure(test("details.level", ConditionOperator.GT, 7)));
    assertEquals("details.rule gte 1 (was \"Ransomware\", not a number)",
        failure(test("details.rule", ConditionOperator.GTE, 1)));
  }

  @Test
  void matchesFindsTheExpressionAnywhereInTheValue() {
    assertNull(failure(Condition.matches("details.process.name", "\\.exe$")));
    assertNull(failure(Condition.matches("device.name", "(?i)srv-\\d")));
    assertEquals("device.collectorGroup matches \"^Serv$\" (was \"Servers\")",
        failure(Condition.matches("device.collectorGroup", "^Serv$")));
  }

  @Test
  void containsLooksIntoListsAndTexts() {
    assertNull(failure(test("details.tags", ConditionOperator.CONTAINS, "b")));
    assertNull(failure(test("details.rule", ConditionOperator.CONTAINS, "ware")));
    assertEquals("details.process.args contains \"-z\" (was [\"-x\", \"-y\"])",
        failure(test("details.process.args", ConditionOperator.CONTAINS, "-z")));
  }

  @Test
  void aPathStepsIntoMapsAndListsAndTheDevicesAttributes() {
    assertNull(failure(Condition.equals("details.process.args.1", "-y")));
    assertNull(failure(Condition.equals("device.attributes.site", "Berlin")));
  }

  @Test
  void aMissingFieldMakesEveryComparisonFalseAndNeverThrows() {
    for (Condition c : List.of(Condition.equals("details.user", "root"), Condition.in("details.user", "root"),
        test("details.user", ConditionOperator.GT, 1), test("details.process.args.7", ConditionOperator.LT, 1),
        Condition.matches("details.rule.deeper", ".*"), test("details.user", ConditionOperator.CONTAINS, "r"),
        test("details.user", ConditionOperator.EXISTS, true))) {
      assertEquals(c.text() + " (missing)", failure(c));
    }
    assertNull(failure(test("details.user", ConditionOperator.EXISTS, false)));
    assertNull(failure(Condition.not(Condition.equals("details.user", "root"))),
        "not of a test on a missing field holds");
  }

  @Test
  void allFailsOnItsFirstFailingClause() {
    assertNull(failure(Condition.all(Condition.equals("details.rule", "Ransomware"), Condition.in("device.os", "linux"))));
    assertEquals("device.os in [\"windows\"] (was \"linux\")", failure(Condition.all(
        Condition.equals("details.rule", "Ransomware"), Condition.in("device.os", "windows"))));
  }

  @Test
  void anyHoldsWhenOneHoldsAndOtherwiseNamesEveryClause() {
    assertNull(failure(Condition.any(Condition.equals("details.rule", "Phishing"), Condition.in("device.os", "linux"))));
    assertEquals("none of details.rule equals \"Phishing\" (was \"Ransomware\"); device.os in [\"windows\"]"
        + " (was \"linux\")", failure(Condition.any(Condition.equals("details.rule", "Phishing"),
        Condition.in("device.os", "windows"))));
  }

  @Test
  void notInvertsAndNamesTheClauseThatHeld() {
    assertNull(failure(Condition.not(Condition.equals("device.os", "windows"))));
    assertEquals("not(device.os equals \"linux\" (was \"linux\"))",
        failure(Condition.not(Condition.equals("device.os", "linux"))));
  }

  @Test
  void historyFieldsReadThePreviousAndEveryClassificationReceived() {
    assertNull(failure(Condition.equals("history.previous", "MALICIOUS")));
    assertNull(failure(test("history.classifications", ConditionOperator.CONTAINS, "Malicious")));
    assertEquals("history.classifications contains \"PUP\" (was [\"MALICIOUS\", \"SUSPICIOUS\"])",
        failure(test("history.classifications", ConditionOperator.CONTAINS, "PUP")));
    ConditionFacts first = new ConditionFacts(event, Optional.empty(), List::of);
    assertEquals("history.previous equals \"MALICIOUS\" (missing)",
        RowCondition.compile(Condition.equals("history.previous", "MALICIOUS")).failure(first));
  }

  @Test
  void theHistoryIsReadOnlyWhenAConditionAsksAndThenOnce() {
    failure(Condition.equals("device.os", "linux"));
    assertEquals(0, historyReads.get());
    RowCondition c = RowCondition.compile(test("history.classifications", ConditionOperator.CONTAINS, "PUP"));
    c.failure(facts);
    c.failure(facts);
    assertEquals(1, historyReads.get());
  }
}
