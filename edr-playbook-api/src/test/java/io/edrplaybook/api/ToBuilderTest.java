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
}
