package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.ApiKey;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.ConnectorType;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.api.UsernamePassword;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.spi.SecretResolver;
import java.nio.file.Files;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationLoaderTest {
  private final ConfigurationFile json = Fixtures.loader().load(Fixtures.dir().resolve("sample.json"));

  @Test
  void jsonAndYamlGiveTheSameConfiguration() {
    ConfigurationFile yaml = Fixtures.loader().load(Fixtures.dir().resolve("sample.yaml"));
    assertSameContent(json.configuration(), yaml.configuration());
    assertEquals(json.defaultRunner(), yaml.defaultRunner());
    assertEquals(json.runnerSettings(), yaml.runnerSettings());
  }

  @Test
  void scriptFilesAreReadRelativeToTheConfigurationFile() throws Exception {
    ActionScript slack = action("IM Notification").script("slack").orElseThrow();
    // the script's own absolute path: what __file__ is at run time
    assertEquals(Fixtures.dir().resolve("scripts/slack_notify.py").toAbsolutePath().normalize().toString(),
        slack.file());
    assertEquals(Files.readString(Fixtures.dir().resolve("scripts/slack_notify.py")), slack.source());
    assertEquals(Optional.of("cpython"), slack.runner());
    assertEquals(Optional.empty(), action("IM Notification").script("teams").orElseThrow().runner());
  }

  @Test
  void inlineSourceIsAccepted() {
    ActionScript inline = action("Open Ticket").script("inline").orElseThrow();
    assertEquals("def run(ctx):\n    return {\"message\": \"ticket opened\"}\n", inline.source());
    assertEquals("<Open Ticket/inline>", inline.file());
  }

  @Test
  void envSecretResolvesFromTheInjectedEnvironment() {
    assertEquals(new ApiKey(Fixtures.SLACK_TOKEN), json.configuration().connector("acme", "SOC Slack")
        .orElseThrow().credentials());
  }

  @Test
  void fileSecretResolvesRelativeToTheConfigurationWithoutTrailingNewline() {
    assertEquals(new UsernamePassword("api", Fixtures.FW_PASSWORD),
        json.configuration().connector("acme", "Edge FW").orElseThrow().credentials());
  }

  @Test
  void secretReferencesInsideBindingParamsResolve() {
    var params = json.configuration().connector("acme", "SOC Slack").orElseThrow()
        .binding("IM Notification").orElseThrow().params();
    assertEquals("Bearer " + Fixtures.SLACK_TOKEN, params.get("auth"));
    assertEquals("#soc", params.get("channel"));
  }

  @Test
  void everyResolvedSecretIsListedForMasking() {
    assertEquals(Set.of(Fixtures.SLACK_TOKEN, Fixtures.TEAMS_TOKEN, Fixtures.FW_PASSWORD), json.secrets());
  }

  @Test
  void retryCanTurnRecognitionOfTransientErrorsOff() {
    String json = Fixtures.withConnector("{\"organization\": \"acme\", \"name\": \"Chat\", \"jumpBox\": \"jb-1\","
        + " \"host\": \"chat.example\", \"port\": 443, \"apiKey\": \"chat-key-12345678\","
        + " \"actions\": [{\"action\": \"Notify\"}]}")
        .replace("\"scripts\":", "\"retry\": {\"maxAttempts\": 2, \"transientErrors\": false}, \"scripts\":");
    ConfigurationFile f = Fixtures.loader().load(json, ConfigurationFormat.JSON, Fixtures.dir());
    RetryPolicy retry = f.configuration().actions().get(0).retry();
    assertEquals(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(30), false), retry);
  }

  @Test
  void actionTimeoutRetryAndIdempotenceAreRead() {
    Action block = action("Block Address");
    assertEquals(Optional.of(Duration.ofMinutes(1)), block.timeout());
    assertEquals(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)), block.retry());
    assertTrue(block.idempotent());
    assertEquals(RetryPolicy.NONE, action("Open Ticket").retry());
  }

  @Test
  void connectorTypeIgnoresCase() {
    assertEquals(ConnectorType.CUSTOM, json.configuration().connector("acme", "SOC Teams").orElseThrow().type());
  }

  @Test
  void ruleConnectorsAreAllOrNamedAndClassificationsAcceptLabels() {
    PlaybookRule notify = json.configuration().playbook("acme", "Default Playbook").orElseThrow()
        .rule("IM Notification").orElseThrow();
    assertEquals(ConnectorSelection.all(), notify.connectors());
    assertEquals(Set.of(Classification.MALICIOUS, Classification.SUSPICIOUS), notify.classifications());
    PlaybookRule finance = json.configuration().playbook("acme", "Finance").orElseThrow()
        .rule("IM Notification").orElseThrow();
    assertEquals(ConnectorSelection.of("SOC Teams"), finance.connectors());
    assertEquals(Set.of(Classification.LIKELY_SAFE, Classification.INCONCLUSIVE), finance.classifications());
  }

  @Test
  void connectorsAllIsAcceptedInAnyCase() {
    ConfigurationFile f = Fixtures.loader().load(Fixtures.withConnector("").replace("\"connectors\": []",
        "\"playbooks\": [{\"organization\": \"acme\", \"name\": \"p\", \"rules\": [{\"section\": \"custom\","
            + " \"action\": \"Notify\", \"connectors\": \"all\"}]}]"), ConfigurationFormat.JSON, Fixtures.dir());
    assertEquals(ConnectorSelection.all(),
        f.configuration().playbook("acme", "p").orElseThrow().rules().get(0).connectors());
  }

  @Test
  void connectorLimitsAreRead() {
    assertEquals(new ConnectorLimits(2, 5, 5), json.configuration().connector("acme", "Edge FW").orElseThrow().limits());
    assertEquals(ConnectorLimits.NONE, json.configuration().connector("acme", "SOC Slack").orElseThrow().limits());
  }

  @Test
  void runnersGiveTheDefaultAndEachRunnersSettings() {
    assertEquals(Optional.of("jython"), json.defaultRunner());
    assertEquals("python3", json.runnerSettings().get("cpython").getString("interpreter", null));
    assertEquals(2, json.runnerSettings().get("cpython").getInt("workers", 0));
  }

  @Test
  void sourceIsTheFileRead() {
    assertEquals(Fixtures.dir().resolve("sample.json"), json.source());
  }

  @Test
  void aSecretResolverRegisteredOnTheBuilderAddsAScheme() {
    SecretResolver vault = new SecretResolver() {
      @Override
      public String scheme() {
        return "vault";
      }

      @Override
      public Optional<String> resolve(String reference) {
        return reference.equals("kv/slack") ? Optional.of("from-vault") : Optional.empty();
      }
    };
    ConfigurationFile f = ConfigurationLoader.builder().environment(Fixtures.ENV).secretResolver(vault).build()
        .load(Fixtures.withConnector("""
            {"organization": "acme", "name": "c", "type": "CUSTOM", "jumpBox": "jb-1", "host": "h.example",
             "port": 443, "apiKey": "${vault:kv/slack}", "actions": [{"action": "Notify"}]}"""),
            ConfigurationFormat.JSON, Fixtures.dir());
    assertEquals(new ApiKey("from-vault"), f.configuration().connectors().get(0).credentials());
  }

  private Action action(String name) {
    return json.configuration().action("acme", name).orElseThrow();
  }

  static void assertSameContent(Configuration expected, Configuration actual) {
    assertEquals(expected.organizations(), actual.organizations());
    assertEquals(expected.jumpBoxes(), actual.jumpBoxes());
    assertEquals(expected.actions(), actual.actions());
    assertEquals(expected.connectors(), actual.connectors());
    assertEquals(expected.playbooks(), actual.playbooks());
  }

}
