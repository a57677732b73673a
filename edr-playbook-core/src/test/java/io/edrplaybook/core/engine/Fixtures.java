package io.edrplaybook.core.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.ConnectorType;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The configuration most engine tests share: two organizations, Slack/Teams, firewall/NAC. */
final class Fixtures {
  static final String SLACK_KEY = "xoxb-slack-secret-123";
  static final String TEAMS_KEY = "teams-secret-456";
  static final String FW_PASSWORD = "fw-pa55word!";

  private Fixtures() {}

  static ActionScript script(String name, String file) {
    return ActionScript.of(name, file, "def run(ctx):\n    return None\n");
  }

  static Configuration.Builder acmeBuilder() {
    return Configuration.builder()
        .organization("acme")
        .organization("globex")
        .jumpBox(JumpBox.of("acme", "jb-1"))
        .jumpBox(JumpBox.of("globex", "jb-g"))
        .action(Action.builder().organization("acme").name("IM Notification").description("Tell the SOC")
            .script(script("slack", "slack.py")).script(script("teams", "teams.py")).build())
        .action(Action.builder().organization("acme").name("Block Address").description("Block the device")
            .script(script("firewall", "fw.py")).script(script("nac", "nac.py")).build())
        .action(Action.builder().organization("acme").name("Open Ticket").description("Open an incident")
            .script(script("ticket", "ticket.py")).build())
        .action(Action.builder().organization("globex").name("IM Notification").description("Globex IM")
            .script(script("slack", "g-slack.py")).build())
        .connector(Connector.builder().organization("acme").name("SOC Slack").jumpBox("jb-1")
            .host("hooks.slack.example").port(443).apiKey(SLACK_KEY).bind("IM Notification", "slack").build())
        .connector(Connector.builder().organization("acme").name("SOC Teams").jumpBox("jb-1")
            .host("outlook.office.example").port(443).apiKey(TEAMS_KEY).bind("IM Notification", "teams").build())
        .connector(Connector.builder().organization("acme").name("Edge FW").type(ConnectorType.FIREWALL)
            .jumpBox("jb-1").host("10.0.0.1").port(8443).credentials("api", FW_PASSWORD)
            .bind("Block Address", "firewall").build())
        .connector(Connector.builder().organization("acme").name("Campus NAC").type(ConnectorType.NAC)
            .jumpBox("jb-1").host("nac.acme.example").port(443).apiKey("nac-key-789")
            .bind("Block Address", "nac").build())
        .connector(Connector.builder().organization("acme").name("Tickets").jumpBox("jb-1")
            .host("acme.service-now.example").port(443).credentials("svc", "ticket-pw-000")
            .bind("Open Ticket").build())
        .connector(Connector.builder().organization("globex").name("Globex Slack").jumpBox("jb-g")
            .host("hooks.slack.example").port(443).apiKey("globex-key-321").bind("IM Notification").build())
        .playbook(Playbook.builder().organization("acme").name("Default Playbook").isDefault(true)
            .rule(PlaybookSection.NOTIFICATIONS, "IM Notification", ConnectorSelection.all(),
                Classification.MALICIOUS, Classification.SUSPICIOUS)
            .rule(PlaybookSection.REMEDIATION, "Block Address", ConnectorSelection.of("Edge FW"),
                Classification.MALICIOUS)
            .build())
        .playbook(Playbook.builder().organization("acme").name("Finance").collectorGroups("Finance")
            .rule(PlaybookSection.NOTIFICATIONS, "Open Ticket", ConnectorSelection.all(),
                Classification.SUSPICIOUS, Classification.MALICIOUS)
            .build())
        .playbook(Playbook.builder().organization("globex").name("Globex Default").isDefault(true)
            .rule(PlaybookSection.NOTIFICATIONS, "IM Notification", ConnectorSelection.all(),
                Classification.MALICIOUS)
            .build());
  }

  static Configuration acme() {
    return acmeBuilder().build();
  }

  /** The acme configuration with the action {@code name} replaced by {@code change} of it. */
  static Configuration withAction(String name, java.util.function.UnaryOperator<Action> change) {
    return rebuild(a -> a.name().equals(name) && a.organization().equals("acme") ? change.apply(a) : a,
        c -> c);
  }

  /** The acme configuration with the connector {@code name} replaced by {@code change} of it. */
  static Configuration withConnector(String name, java.util.function.UnaryOperator<Connector> change) {
    return rebuild(a -> a, c -> c.name().equals(name) ? change.apply(c) : c);
  }

  private static Configuration rebuild(java.util.function.UnaryOperator<Action> actions,
      java.util.function.UnaryOperator<Connector> connectors) {
    Configuration cfg = acme();
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    cfg.actions().forEach(a -> b.action(actions.apply(a)));
    cfg.connectors().forEach(c -> b.connector(connectors.apply(c)));
    cfg.playbooks().forEach(b::playbook);
    return b.build();
  }

  static CorePlaybookEngine.Builder engine(FakeRunner runner) {
    return CorePlaybookEngine.builder().discoverRunners(false).runner(runner).defaultRunner(runner.id())
        .defaultTimeout(Duration.ofSeconds(5)).closeGrace(Duration.ofSeconds(5));
  }

  static SecurityEvent event(String id, String org, String group, Classification c) {
    return SecurityEvent.builder().id(id).organization(org)
        .device(Device.of("LAPTOP-7", group, "10.1.2.3", "Windows 11"))
        .classification(c).time(Instant.parse("2026-01-01T00:00:00Z"))
        .details(Map.of("process", "evil.exe")).build();
  }
}
