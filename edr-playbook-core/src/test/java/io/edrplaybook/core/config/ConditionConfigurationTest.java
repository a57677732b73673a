package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Condition;
import io.edrplaybook.api.ConditionOperator;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code when:} on a playbook row: read, checked at load with paths, and written back. */
class ConditionConfigurationTest {
  private static final String BASE = """
      organizations: [{name: acme}]
      jumpBoxes: [{name: jb-1, organization: acme}]
      actions:
        - organization: acme
          name: Block Address
          scripts: [{name: s, source: "def run(ctx):\\n    pass\\n"}]
      connectors:
        - {organization: acme, name: FW, type: FIREWALL, jumpBox: jb-1, host: fw.example, port: 443,
           apiKey: "${env:SLACK_TOKEN}", actions: [{action: Block Address}]}
      playbooks:
        - organization: acme
          name: Default
          default: true
          rules:
            - action: Block Address
              section: REMEDIATION
              classifications: [MALICIOUS]
              connectors: ALL
              when: %s
      """;

  private static ConfigurationFile load(String when) {
    return Fixtures.loader().load(BASE.formatted(when), ConfigurationFormat.YAML, Fixtures.dir());
  }

  private static List<String> problems(String when) {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(when));
    return Fixtures.rendered(e);
  }

  private static Optional<Condition> conditionOf(ConfigurationFile f) {
    PlaybookRule r = f.configuration().playbooks().get(0).rules().get(0);
    return r.condition();
  }

  private static final String WHEN = "{ all: [ { field: details.rule, equals: Ransomware },"
      + " { field: device.os, in: [windows, linux] },"
      + " { not: { field: details.level, lt: 3 } },"
      + " { any: [ { field: details.cmd, matches: '(?i)vssadmin' }, { field: history.previous, equals: Suspicious } ] } ] }";

  @Test
  void whenIsReadIntoACondition() {
    Condition expected = Condition.all(Condition.equals("details.rule", "Ransomware"),
        Condition.in("device.os", "windows", "linux"),
        Condition.not(Condition.test("details.level", ConditionOperator.LT, 3)),
        Condition.any(Condition.matches("details.cmd", "(?i)vssadmin"),
            Condition.equals("history.previous", "SUSPICIOUS")));
    assertEquals(Optional.of(expected), conditionOf(load(WHEN)));
  }

  @Test
  void aRowWithoutWhenHasNoCondition() {
    ConfigurationFile f = Fixtures.loader().load(BASE.replace("      when: %s\n", ""), ConfigurationFormat.YAML,
        Fixtures.dir());
    assertEquals(Optional.empty(), conditionOf(f));
  }

  @Test
  void anUnknownOperatorIsAProblemWithASuggestion() {
    assertEquals(List.of("<text>: playbooks[0].rules[0].when.all[0].equal: unknown operator \"equal\","
        + " did you mean \"equals\"?"), problems("{ all: [ { field: details.rule, equal: Ransomware } ] }"));
  }

  @Test
  void aBadRegularExpressionIsAProblemAtItsPath() {
    List<String> p = problems("{ field: details.cmd, matches: 'vss(admin' }");
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("<text>: playbooks[0].rules[0].when.matches: is not a valid regular expression:"),
        p.get(0));
  }

  @Test
  void anUnknownFieldRootIsAProblemAtItsPath() {
    assertEquals(List.of("<text>: playbooks[0].rules[0].when.not.field: unknown field \"devices.os\","
        + " did you mean \"device.os\"?"), problems("{ not: { field: devices.os, equals: linux } }"));
  }

  @Test
  void anOperandOfTheWrongTypeIsAProblemAtItsPath() {
    assertEquals(List.of("<text>: playbooks[0].rules[0].when.gte: must be a number, was \"high\""),
        problems("{ field: details.level, gte: high }"));
  }

  @Test
  void everyProblemOfAConditionIsListedAtOnce() {
    List<String> p = problems("{ any: [ { field: details.rule, equal: x }, { field: nope, equals: 1 },"
        + " { field: details.cmd, matches: '(a+)+' }, { field: details.x }, { field: details.y, gt: 1, lt: 3 },"
        + " { alll: [] } ] }");
    assertEquals(Set.of(
        "<text>: playbooks[0].rules[0].when.any[0].equal: unknown operator \"equal\", did you mean \"equals\"?",
        "<text>: playbooks[0].rules[0].when.any[1].field",
        "<text>: playbooks[0].rules[0].when.any[2].matches",
        "<text>: playbooks[0].rules[0].when.any[3]",
        "<text>: playbooks[0].rules[0].when.any[4]",
        "<text>: playbooks[0].rules[0].when.any[5].alll"),
        Set.copyOf(p.stream().map(s -> s.startsWith("<text>: playbooks[0].rules[0].when.any[0]") ? s
            : s.substring(0, s.indexOf(':', "<text>: ".length()))).toList()), String.join("\n", p));
    assertEquals(6, p.size(), String.join("\n", p));
  }

  @Test
  void aConditionThatIsNotAnObjectSaysWhatAConditionIs() {
    List<String> p = problems("Ransomware");
    assertTrue(p.get(0).startsWith("<text>: playbooks[0].rules[0].when: must be a condition, { all: [...] }"),
        p.toString());
  }

  @ParameterizedTest
  @EnumSource(ConfigurationFormat.class)
  void aConditionRoundTripsThroughTheWriter(ConfigurationFormat format) {
    ConfigurationFile f = load(WHEN + "\n");
    String text = ConfigurationWriter.of(format).write(f);
    ConfigurationFile again = Fixtures.loader().load(text, format, Fixtures.dir());
    assertEquals(f.configuration().playbooks(), again.configuration().playbooks(), text);
    assertTrue(conditionOf(again).isPresent(), text);
  }
}
