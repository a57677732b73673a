package io.edrplaybook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules between objects of the domain model, checked when a configuration is built. */
class ConfigurationTest {

  private static ActionScript script(String name) {
    return ActionScript.of(name, name + ".py", "def run(ctx):\n    pass\n");
  }

  private static Configuration.Builder base() {
    return Configuration.builder()
        .organization("acme").organization("globex")
        .jumpBox(JumpBox.of("acme", "jb-1"))
        .jumpBox(new JumpBox("core-1", "acme", true))
        .jumpBox(JumpBox.of("globex", "jb-g"))
        .action(Action.builder().organization("acme").name("IM Notification")
            .script(script("slack")).script(script("teams")).build())
        .action(Action.builder().organization("acme").name("Block Address").script(script("block")).build());
  }

  private static Connector.Builder connector(String name) {
    return Connector.builder().organization("acme").name(name).jumpBox("jb-1").host("10.0.0.1").port(443).apiKey("k");
  }

  private static List<String> problems(Configuration.Builder b) {
    var e = assertThrows(ConfigurationException.class, b::build);
    return e.problems().stream().map(ConfigurationProblem::toString).toList();
  }

  @Test
  void jumpBoxIsExclusiveToItsOrganization() {
    List<String> p = problems(base().connector(connector("x").jumpBox("jb-g").build()));
    assertEquals(List.of("connectors[0].jumpBox: \"jb-g\" belongs to organization \"globex\", not \"acme\"; "
        + "a JumpBox is exclusive to its organization"), p);
  }

  @Test
  void jumpBoxNameCannotBelongToTwoOrganizations() {
    List<String> p = problems(base().jumpBox(JumpBox.of("globex", "jb-1")));
    assertTrue(p.get(0).contains("already belongs to organization \"acme\""), p.toString());
  }

  @Test
  void coreJumpBoxCannotBeAConnectorsJumpBox() {
    List<String> p = problems(base().connector(connector("x").jumpBox("core-1").bind("Block Address").build()));
    assertEquals(List.of("connectors[0].jumpBox: \"core-1\" functions as a core and cannot be a connector's JumpBox"), p);
  }

  @Test
  void namedConnectorThatIsNotBoundToTheRowsActionIsAnError() {
    List<String> p = problems(base().connector(connector("Edge FW").bind("Block Address").build())
        .playbook(Playbook.builder().organization("acme").name("P")
            .rule(PlaybookSection.NOTIFICATIONS, "IM Notification", ConnectorSelection.of("Edge FW"),
                Classification.MALICIOUS).build()));
    assertEquals(List.of("playbooks[0].rules[0].connectors: connector \"Edge FW\" is not bound to action "
        + "\"IM Notification\"; bind it in the connector's actions or remove it from the row"), p);
  }

  @Test
  void bindingWithoutScriptNeedsAnActionWithOneScript() {
    assertEquals(1, base().connector(connector("fw").bind("Block Address").build()).build().connectors().size());
    List<String> p = problems(base().connector(connector("chat").bind("IM Notification").build()));
    assertTrue(p.get(0).startsWith("connectors[0].actions[0].script: action \"IM Notification\" has several scripts"),
        p.toString());
  }

  @Test
  void bindingNamingAScriptTheActionLacksIsAnError() {
    List<String> p = problems(base().connector(connector("chat").bind("IM Notification", "discord").build()));
    assertTrue(p.get(0).contains("has no script named \"discord\""), p.toString());
  }

  @Test
  void organizationHasAtMostOneDefaultPlaybook() {
    List<String> p = problems(base()
        .playbook(Playbook.builder().organization("acme").name("A").isDefault(true).build())
        .playbook(Playbook.builder().organization("acme").name("B").isDefault(true).build()));
    assertEquals(List.of("playbooks[1].default: organization \"acme\" already has a default playbook, \"A\"; "
        + "at most one is allowed"), p);
  }

  @Test
  void collectorGroupIsAssignedToAtMostOnePlaybook() {
    List<String> p = problems(base()
        .playbook(Playbook.builder().organization("acme").name("A").collectorGroups("Finance").build())
        .playbook(Playbook.builder().organization("acme").name("B").collectorGroups("Finance").build()));
    assertTrue(p.get(0).contains("collector group \"Finance\" is already assigned to playbook \"A\""), p.toString());
  }

  @Test
  void namesAreUniqueWithinAnOrganizationButMayRepeatAcrossOrganizations() {
    assertEquals(2, base().action(Action.builder().organization("globex").name("IM Notification")
        .script(script("x")).build()).build().actions().stream().filter(a -> a.name().equals("IM Notification"))
        .count());
    List<String> p = problems(base().action(Action.builder().organization("acme").name("Block Address")
        .script(script("y")).build()));
    assertTrue(p.get(0).contains("is already an action of organization \"acme\""), p.toString());
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsPath() {
    var b = base()
        .connector(connector("a").jumpBox("nowhere").build())
        .connector(connector("b").organization("umbrella").build())
        .connector(connector("c").bind("Teleport").build())
        .playbook(Playbook.builder().organization("acme").name("P").rule(PlaybookSection.CUSTOM, "Teleport",
            ConnectorSelection.all(), Classification.PUP).build());
    List<String> p = problems(b);
    assertEquals(5, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("connectors[0].jumpBox"), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("connectors[1].organization")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("connectors[2].actions[0].action")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("playbooks[0].rules[0].action")), p.toString());
  }

  @Test
  void newActionIsOfferedInEveryPlaybookAndSelectedInNone() {
    Configuration cfg = base()
        .playbook(Playbook.builder().organization("acme").name("A").rule(PlaybookSection.REMEDIATION, "Block Address",
            ConnectorSelection.all(), Classification.MALICIOUS).build())
        .playbook(Playbook.builder().organization("acme").name("B").build())
        .action(Action.builder().organization("acme").name("Isolate Host").script(script("iso")).build())
        .build();
    for (String pb : List.of("A", "B")) {
      PlaybookRule row = cfg.policy("acme", pb).stream().filter(r -> r.action().equals("Isolate Host")).findFirst()
          .orElseThrow();
      assertTrue(row.classifications().isEmpty());
      for (Classification c : Classification.values()) {
        assertTrue(!row.selects(c));
      }
    }
    assertEquals(3, cfg.policy("acme", "A").size(), "one row per action of the organization");
  }

  @Test
  void secretsListsEveryApiKeyAndPassword() {
    Configuration cfg = base().connector(connector("a").apiKey(null).credentials("u", "pw-1").build())
        .connector(connector("b").apiKey("key-2").build()).build();
    assertEquals(java.util.Set.of("pw-1", "key-2"), cfg.secrets());
  }
}
