package io.edrplaybook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 13 item 7: a refusal names the thing refused and what would be right. */
class BuilderMessagesTest {
  private static final ActionScript SCRIPT = ActionScript.of("s", "s.py", "def run(ctx): pass");

  @Test
  void aConnectorWithoutAuthenticationNamesTheConnectorAndWhatToSet() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Connector.builder()
        .organization("acme").name("Edge FW").jumpBox("jb-1").host("fw.example").port(443).build());
    assertEquals("Invalid connector \"Edge FW\" of organization \"acme\": auth: has neither an API key nor"
        + " credentials; set one: \"apiKey\", or \"credentials\" with a username and password"
        + " (Connector.Builder.apiKey or .credentials)", e.getMessage());
  }

  @Test
  void aConnectorWithoutANameSaysSoAndStillNamesItsOrganization() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Connector.builder()
        .organization("acme").jumpBox("jb-1").host("fw.example").port(443).apiKey("k-123456").build());
    assertEquals("Invalid connector without a name in organization \"acme\": name: is required", e.getMessage());
  }

  @Test
  void anActionWithoutScriptsNamesTheActionAndHowToAddOne() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Action.builder().organization("acme").name("Block").build());
    assertEquals("Invalid action \"Block\" of organization \"acme\": scripts: an action needs at least one script;"
        + " add one (\"scripts\" in a configuration file, Action.Builder.script in code)", e.getMessage());
  }

  @Test
  void anActionWithTwoScriptsOfOneNameSaysToRenameOne() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Action.builder().organization("acme").name("Block").script(SCRIPT).script(SCRIPT).build());
    assertEquals("Invalid action \"Block\" of organization \"acme\": scripts[1].name: \"s\" is used by another"
        + " script of this action; give each script of an action its own name", e.getMessage());
  }

  @Test
  void aPlaybookWithTwoRowsForOneActionNamesThePlaybook() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Playbook.builder()
        .organization("acme").name("Default").rule(PlaybookRule.unselected("Block"))
        .rule(PlaybookRule.unselected("Block")).build());
    assertEquals(Optional.of("playbook \"Default\" of organization \"acme\""), e.subject());
  }

  @Test
  void smallRecordsNameWhatTheyAre() {
    assertEquals(Optional.of("JumpBox without a name in organization \"acme\""),
        assertThrows(ConfigurationException.class, () -> new JumpBox(" ", "acme", false)).subject());
    assertEquals(Optional.of("script \"s\""),
        assertThrows(ConfigurationException.class, () -> ActionScript.of("s", " ", "x")).subject());
    assertEquals(Optional.of("binding of action \"Block\""),
        assertThrows(ConfigurationException.class, () -> ActionBinding.of("Block", " ")).subject());
    assertEquals(Optional.of("retry policy"), assertThrows(ConfigurationException.class,
        () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).subject());
    assertEquals(Optional.of("connector limits"),
        assertThrows(ConfigurationException.class, () -> new ConnectorLimits(-1, 0, 0)).subject());
    assertEquals(Optional.of("organization"),
        assertThrows(ConfigurationException.class, () -> new Organization("")).subject());
  }

  @Test
  void aNameThatResolvesToNothingOffersTheCloseOneOrTheNamesThereAre() {
    Configuration.Builder b = Configuration.builder().organization("acme").jumpBox(JumpBox.of("acme", "jb-1"))
        .action(Action.builder().organization("acme").name("Notify").script(SCRIPT).build())
        .action(Action.builder().organization("acme").name("Block").script(SCRIPT).build())
        .connector(Connector.builder().organization("acme").name("FW").jumpBox("jb-9").host("fw.example").port(443)
            .apiKey("k-123456").bind("Notfy").bind("Quarantine").build())
        .connector(Connector.builder().organization("acmee").name("FW2").jumpBox("jb-1").host("fw.example")
            .port(443).apiKey("k-123456").build());
    ConfigurationException e = assertThrows(ConfigurationException.class, b::build);
    assertEquals(List.of(
        "connectors[0].jumpBox: no JumpBox named \"jb-9\"; did you mean \"jb-1\"?",
        "connectors[0].actions[0].action: no action named \"Notfy\" in organization \"acme\"; did you mean \"Notify\"?",
        "connectors[0].actions[1].action: no action named \"Quarantine\" in organization \"acme\"; its actions are"
            + " [Block, Notify]",
        "connectors[1].organization: no organization named \"acmee\"; did you mean \"acme\"?"),
        e.problems().stream().map(ConfigurationProblem::toString).toList().subList(0, 4));
  }
}
