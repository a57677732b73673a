package io.edrplaybook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 13 item 2: change one element without its canonical constructor. */
class ToBuilderTest {
  private static final Connector FW = Connector.builder().organization("acme").name("FW").type(ConnectorType.FIREWALL)
      .jumpBox("jb-1").host("10.0.0.1").port(8443).credentials("api", "fw-password-1")
      .limits(new ConnectorLimits(2, 5, 5)).bind("Block", "fw").bind("Unblock").build();
  private static final Action BLOCK = Action.builder().organization("acme").name("Block").description("Block it")
      .script("fw", "fw.py", "def run(ctx): pass").script("nac", "nac.py", "def run(ctx): pass")
      .timeout(Duration.ofSeconds(9)).retry(RetryPolicy.NONE).idempotent(true).build();
  private static final Playbook DEFAULT = Playbook.builder().organization("acme").name("Default").isDefault(true)
      .collectorGroups("Finance", "Laptops")
      .rule(PlaybookSection.REMEDIATION, "Block", ConnectorSelection.all(), Classification.MALICIOUS)
      .rule(PlaybookSection.NOTIFICATIONS, "Notify", ConnectorSelection.all(), Classification.SUSPICIOUS).build();

  @Test
  void connectorToBuilderKeepsEveryFieldButTheOneChanged() {
    assertEquals(FW, FW.toBuilder().build());
    Connector staging = FW.toBuilder().host("fw.staging.example").build();
    assertEquals(new Connector(FW.organization(), FW.name(), FW.type(), FW.jumpBox(), "fw.staging.example",
        FW.port(), FW.credentials(), FW.bindings(), FW.limits()), staging);
  }

  @Test
  void connectorToBuilderCanSwitchFromCredentialsToAnApiKeyAndRebind() {
    Connector c = FW.toBuilder().credentials(new ApiKey("key-123456789")).clearBindings().bind("Unblock").build();
    assertEquals(new ApiKey("key-123456789"), c.credentials());
    assertEquals(List.of(ActionBinding.of("Unblock")), c.bindings());
  }

  @Test
  void actionToBuilderKeepsEveryFieldButTheOneChanged() {
    assertEquals(BLOCK, BLOCK.toBuilder().build());
    Action noTimeout = BLOCK.toBuilder().timeout(null).build();
    assertEquals(Optional.empty(), noTimeout.timeout());
    assertEquals(BLOCK.scripts(), noTimeout.scripts());
    assertEquals(List.of("nac"), BLOCK.toBuilder().clearScripts().script(BLOCK.script("nac").orElseThrow()).build()
        .scripts().stream().map(ActionScript::name).toList());
  }

  @Test
  void playbookToBuilderKeepsEveryFieldButTheOneChanged() {
    assertEquals(DEFAULT, DEFAULT.toBuilder().build());
    Playbook p = DEFAULT.toBuilder().removeRule("Notify").clearCollectorGroups().collectorGroups("Servers").build();
    assertEquals(Set.of("Servers"), p.collectorGroups());
    assertEquals(List.of("Block"), p.rules().stream().map(PlaybookRule::action).toList());
    assertEquals(true, p.isDefault());
  }

  private static final Configuration ACME = Configuration.builder().organization("acme")
      .jumpBox(JumpBox.of("acme", "jb-1"))
      .action(Action.builder().organization("acme").name("Notify").script("slack", "slack.py", "def run(ctx): pass")
          .build()).action(BLOCK)
      .action(Action.builder().organization("acme").name("Unblock").script("fw", "fw.py", "def run(ctx): pass")
          .build())
      .connector(FW).connector(FW.toBuilder().name("FW2").build())
      .playbook(DEFAULT).build();

  @Test
  void configurationToBuilderBuildsAnEqualConfiguration() {
    assertEquals(ACME, ACME.toBuilder().build());
    assertEquals(ACME.hashCode(), ACME.toBuilder().build().hashCode());
  }

  @Test
  void replacingOneConnectorOfAConfigurationKeepsEverythingElseAndItsPlace() {
    Connector staging = FW.toBuilder().host("fw.staging.example").build();
    Configuration c = ACME.toBuilder().replaceConnector(staging).build();
    assertEquals(List.of(staging, ACME.connectors().get(1)), c.connectors());
    assertEquals(ACME.actions(), c.actions());
    assertEquals(ACME.playbooks(), c.playbooks());
    assertEquals(ACME.jumpBoxes(), c.jumpBoxes());
    assertEquals(ACME.organizations(), c.organizations());
  }

  @Test
  void replacingOneActionOrPlaybookKeepsEverythingElse() {
    Action slower = BLOCK.toBuilder().timeout(Duration.ofSeconds(60)).build();
    Playbook notDefault = DEFAULT.toBuilder().isDefault(false).build();
    Configuration c = ACME.toBuilder().replaceAction(slower).replacePlaybook(notDefault).build();
    assertEquals(List.of(ACME.actions().get(0), slower, ACME.actions().get(2)), c.actions());
    assertEquals(List.of(notDefault), c.playbooks());
    assertEquals(ACME.connectors(), c.connectors());
  }

  @Test
  void replacingAnElementTheConfigurationDoesNotHoldNamesItAndTheFix() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ACME.toBuilder().replaceConnector(FW.toBuilder().name("FW3").build()));
    assertEquals("No connector \"FW3\" of organization \"acme\" to replace; the builder holds [FW, FW2] in that"
        + " organization. Add a new connector with connector(Connector)", e.getMessage());
  }

  @Test
  void securityEventToBuilderKeepsEveryFieldButTheOneChanged() {
    SecurityEvent e = SecurityEvent.builder().id("ev-1").organization("acme").device("laptop-7", "Finance")
        .classification(Classification.SUSPICIOUS).time(java.time.Instant.parse("2026-01-02T03:04:05Z"))
        .details(java.util.Map.of("rule", "r-9")).build();
    assertEquals(e, e.toBuilder().build());
    SecurityEvent other = e.toBuilder().id("ev-2").build();
    assertEquals("ev-2", other.id());
    assertEquals(new SecurityEvent("ev-2", e.organization(), e.device(), e.classification(), e.time(), e.details()),
        other);
  }

  @Test
  void actionToBuilderChangingOneFieldKeepsEveryOther() {
    Action a = BLOCK.toBuilder().description("Block the address").build();
    assertEquals(new Action(BLOCK.organization(), BLOCK.name(), "Block the address", BLOCK.scripts(), BLOCK.timeout(),
        BLOCK.retry(), BLOCK.idempotent()), a);
  }

  @Test
  void playbookToBuilderChangingOneFieldKeepsEveryOther() {
    Playbook p = DEFAULT.toBuilder().name("Other").build();
    assertEquals(new Playbook(DEFAULT.organization(), "Other", DEFAULT.isDefault(), DEFAULT.collectorGroups(),
        DEFAULT.rules()), p);
  }
}
