package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.testkit.PlaybookTestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A playbook kept as a configuration file, tested as written. */
class LoadedConfigurationTest {
  private static final String CONFIG = """
      {
        "organizations": [{"name": "acme"}],
        "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
        "actions": [
          {"organization": "acme", "name": "IM Notification", "description": "Tell the SOC channel",
           "scripts": [{"name": "slack", "file": "scripts/slack_notify.py", "runner": "cpython"}]},
          {"organization": "acme", "name": "Block Address",
           "scripts": [{"name": "fw", "file": "scripts/firewall_block_address.py"}]}
        ],
        "connectors": [
          {"organization": "acme", "name": "SOC Slack", "type": "CUSTOM", "jumpBox": "jb-1",
           "host": "hooks.slack.example", "port": 443, "apiKey": "${env:SLACK_TOKEN}",
           "actions": [{"action": "IM Notification", "params": {"channel": "#soc"}}]},
          {"organization": "acme", "name": "Edge FW", "type": "FIREWALL", "jumpBox": "jb-1",
           "host": "10.0.0.1", "port": 8443, "credentials": {"username": "api", "password": "fw-pw-123"},
           "actions": [{"action": "Block Address"}]}
        ],
        "playbooks": [
          {"organization": "acme", "name": "Default Playbook", "default": true,
           "rules": [{"section": "NOTIFICATIONS", "action": "IM Notification",
                      "classifications": ["MALICIOUS"], "connectors": "ALL"},
                     {"section": "REMEDIATION", "action": "Block Address",
                      "classifications": ["MALICIOUS"], "connectors": ["Edge FW"]}]}
        ],
        "runners": {"default": "jython"}
      }
      """;

  @TempDir
  Path dir;
  private ConfigurationLoader loader;

  @BeforeEach
  void writeConfiguration() throws IOException {
    Files.createDirectories(dir.resolve("scripts"));
    Files.writeString(dir.resolve("scripts/slack_notify.py"), "def run(ctx):\n    return None\n");
    Files.writeString(dir.resolve("scripts/firewall_block_address.py"), "def run(ctx):\n    return None\n");
    Files.writeString(dir.resolve("playbook.json"), CONFIG);
    loader = ConfigurationLoader.builder().environment(Map.of("SLACK_TOKEN", "xoxb-from-env-42"))
        .discoverSecretResolvers(false).build();
  }

  @Test
  void loadedPlaybookRunsWithSecretsResolved() {
    try (PlaybookTestKit kit = PlaybookTestKit.load(dir.resolve("playbook.json"), loader).build()) {
      kit.submit(kit.newEvent("ev-1", MALICIOUS).build())
          .assertRanExactly("IM Notification on SOC Slack", "Block Address on Edge FW")
          .assertRan("IM Notification").on("SOC Slack")
          .withScript("slack")
          .withCtx("connector.auth.apiKey", "xoxb-from-env-42")
          .withCtx("params.channel", "#soc");
    }
  }

  @Test
  void resolvedSecretIsMaskedInAssertionMessages() {
    try (PlaybookTestKit kit = PlaybookTestKit.load(dir.resolve("playbook.json"), loader).build()) {
      var run = kit.submit(kit.newEvent("ev-1", MALICIOUS).build()).assertRan("IM Notification", "SOC Slack");

      AssertionError e = assertThrows(AssertionError.class, () -> run.withCtx("connector.auth.apiKey", "other"));

      assertFalse(e.getMessage().contains("xoxb-from-env-42"), e.getMessage());
    }
  }

  @Test
  void scriptThatLostItsRunIsRefusedWithItsFile() throws IOException {
    Files.writeString(dir.resolve("scripts/firewall_block_address.py"), "def block(ctx):\n    return None\n");

    var e = assertThrows(io.edrplaybook.api.ConfigurationException.class,
        () -> PlaybookTestKit.load(dir.resolve("playbook.json"), loader).build());

    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("scripts/firewall_block_address.py"),
        e.getMessage());
  }
}
