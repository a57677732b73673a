package io.edrplaybook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.internal.RegexGuard;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A condition is checked whole when it is built; what exists can be evaluated. */
class ConditionTest {

  private static List<String> problems(Runnable build) {
    ConfigurationException e = assertThrows(ConfigurationException.class, build::run);
    return e.problems().stream().map(ConfigurationProblem::toString).toList();
  }

  @Test
  void anUnknownFieldIsRefusedWithTheClosestField() {
    assertEquals(List.of("field: unknown field \"device.oss\", did you mean \"device.os\"?"),
        problems(() -> Condition.equals("device.oss", "linux")));
    assertEquals(List.of("field: unknown field \"detials.rule\", did you mean \"details.rule\"?"),
        problems(() -> Condition.equals("detials.rule", "Ransomware")));
  }

  @Test
  void anUnknownFieldRootListsTheKnownFields() {
    List<String> p = problems(() -> Condition.equals("verdict", "bad"));
    assertTrue(p.get(0).startsWith("field: unknown field \"verdict\", known fields are ["), p.toString());
    assertTrue(p.get(0).contains("details.<path>") && p.get(0).contains("history.previous"), p.toString());
  }

  @Test
  void aBadRegularExpressionIsRefusedWhenBuilt() {
    List<String> p = problems(() -> Condition.matches("details.rule", "Ransom(ware"));
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("matches: is not a valid regular expression: Unclosed group"), p.get(0));
  }

  @Test
  void aRepeatedGroupThatRepeatsItselfIsRefused() {
    List<String> p = problems(() -> Condition.matches("details.cmd", "^(a+)+$"));
    assertTrue(p.get(0).startsWith("matches: repeats a group that itself repeats"), p.toString());
    problems(() -> Condition.matches("details.cmd", "(\\w*x)*"));
    problems(() -> Condition.matches("details.cmd", "((ab)+c){2,}"));
  }

  @Test
  void aBoundedRepetitionOfARepeatedGroupIsAccepted() {
    Condition.matches("device.address", "^(\\d{1,3}\\.){3}\\d{1,3}$");
    Condition.matches("details.cmd", "(ab|cd)+ [a-z+]*");
  }

  @Test
  void aRegularExpressionThatBacktracksWithoutEndGivesUpInsteadOfHanging() {
    // accepted at load (the outer repetition is bounded), yet ~n^8 steps on this value: the bound stops it
    Condition.matches("details.cmd", "^(.*a){8}x$");
    Pattern p = Pattern.compile("^(.*a){8}x$");
    assertEquals(RegexGuard.Found.GAVE_UP, RegexGuard.find(p, "a".repeat(30) + "!"));
    assertEquals(RegexGuard.Found.MATCH, RegexGuard.find(p, "aaaaaaaax"));
    assertEquals(RegexGuard.Found.TOO_LONG, RegexGuard.find(Pattern.compile("x"), "x".repeat(RegexGuard.MAX_INPUT + 1)));
  }

  @Test
  void aNumericComparisonNeedsANumber() {
    assertEquals(List.of("gt: must be a number, was \"7\""),
        problems(() -> Condition.test("details.level", ConditionOperator.GT, "7")));
    assertEquals(new BigDecimal("7"),
        ((Condition.FieldTest) Condition.test("details.level", ConditionOperator.GTE, 7)).operand());
  }

  @Test
  void aTextFieldRefusesNumericOperatorsAndNonTextOperands() {
    assertEquals(List.of("lt: does not apply to device.os (a text); use equals, in, matches, contains, exists"),
        problems(() -> Condition.test("device.os", ConditionOperator.LT, 3)));
    assertEquals(List.of("in[1]: must be a string (the field is a text), was 3"),
        problems(() -> Condition.in("device.os", "linux", 3)));
  }

  @Test
  void aClassificationFieldTakesClassificationsByNameOrLabel() {
    Condition.FieldTest t = (Condition.FieldTest) Condition.in("history.previous", "Likely Safe", "pup");
    assertEquals(List.of("LIKELY_SAFE", "PUP"), t.operand());
    List<String> p = problems(() -> Condition.test("history.classifications", ConditionOperator.CONTAINS, "Evil"));
    assertTrue(p.get(0).startsWith("contains: must be one of MALICIOUS"), p.toString());
  }

  @Test
  void inNeedsANonEmptyListAndExistsABoolean() {
    assertEquals(List.of("in: must be a list of at least one value, was []"),
        problems(() -> Condition.test("details.rule", ConditionOperator.IN, List.of())));
    assertEquals(List.of("exists: must be true or false, was \"yes\""),
        problems(() -> Condition.test("details.rule", ConditionOperator.EXISTS, "yes")));
  }

  @Test
  void allAndAnyNeedAtLeastOneCondition() {
    assertEquals(List.of("all: must list at least one condition"), problems(() -> new Condition.AllOf(List.of())));
    assertEquals(List.of("any: must list at least one condition"), problems(() -> new Condition.AnyOf(null)));
  }

  @Test
  void aConditionReadsAsOneLine() {
    Condition c = Condition.all(Condition.equals("details.rule", "Ransomware"),
        Condition.not(Condition.in("device.os", "linux", "macos")),
        Condition.any(Condition.test("details.level", ConditionOperator.GTE, 7),
            Condition.test("history.classifications", ConditionOperator.CONTAINS, "malicious")));
    assertEquals("all(details.rule equals \"Ransomware\", not(device.os in [\"linux\", \"macos\"]),"
        + " any(details.level gte 7, history.classifications contains \"MALICIOUS\"))", c.text());
  }

  @Test
  void aRowKeepsItsFourPartConstructorAndFactoriesWithoutACondition() {
    PlaybookRule r = new PlaybookRule(PlaybookSection.REMEDIATION, "Block", Set.of(Classification.MALICIOUS),
        ConnectorSelection.all());
    assertEquals(Optional.empty(), r.condition());
    assertEquals(Optional.empty(), PlaybookRule.unselected("x").condition());
    Condition c = Condition.equals("details.rule", "Ransomware");
    PlaybookRule when = r.when(c);
    assertEquals(Optional.of(c), when.condition());
    assertEquals(r.classifications(), when.classifications());
  }

  @Test
  void aPlanWithoutConditionsHasNoSkippedRows() {
    Plan p = new Plan("ev", Classification.MALICIOUS, Optional.empty(), "none", List.of());
    assertEquals(List.of(), p.skipped());
    assertEquals(Optional.empty(), p.skipped("Block"));
  }
}
