package io.edrplaybook.testkit.playbook;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.ConnectorType;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import java.util.Map;

/**
 * The playbook these tests check, as a user would configure it: Slack and Teams share IM
 * Notification, a firewall and a NAC share Block Address, Finance devices get a ticket.
 */
final class SocPlaybook {
  static final String SLACK_TOKEN = "xoxb-slack-token-123";
  static final String FW_PASSWORD = "fw-pa55word!";
  static final ConnectorLimits FW_LIMITS = ConnectorLimits.concurrency(2);
  static final String SLACK = "scripts/slack_notify.py";
  static final String TEAMS = "scripts/teams_notify.py";
  static final String FIREWALL = "scripts/firewall_block_address.py";
  static final String NAC = "scripts/nac_isolate_device.py";
  static final String TICKET = "scripts/open_ticket.py";

  private SocPlaybook() {}

  static ActionScript script(String name, String file, String runner) {
    return ActionScript.of(name, file, "import json\n\ndef run(ctx):\n    return {\"message\": \"done\"}\n", runner);
  }

  static Configuration configuration() {
    return Configuration.builder()
        .organization("acme")
        .jumpBox(JumpBox.of("acme", "jb-1"))
        .action(Action.builder().organization("acme").name("IM Notification").description("Tell the SOC")
            .script(script("slack", SLACK, "cpython")).script(script("teams", TEAMS, "jython")).build())
        .action(Action.builder().organization("acme").name("Block Address").description("Block the device")
            .script(script("firewall", FIREWALL, "jython")).script(script("nac", NAC, "jython")).build())
        .action(Action.builder().organization("acme").name("Open Ticket").description("Open an incident")
            .script(script("ticket", TICKET, "cpython")).build())
        .connector(Connector.builder().organization("acme").name("SOC Slack").jumpBox("jb-1")
            .host("hooks.slack.example").port(443).apiKey(SLACK_TOKEN)
            .bind(ActionBinding.of("IM Notification", "slack", Map.of("channel", "#soc"))).build())
        .connector(Connector.builder().organization("acme").name("SOC Teams").jumpBox("jb-1")
            .host("outlook.office.example").port(443).apiKey("teams-key-456")
            .bind("IM Notification", "teams").build())
        .connector(Connector.builder().organization("acme").name("Edge FW").type(ConnectorType.FIREWALL)
            .jumpBox("jb-1").host("10.0.0.1").port(8443).credentials("api", FW_PASSWORD)
            .limits(FW_LIMITS).bind("Block Address", "firewall").build())
        .connector(Connector.builder().organization("acme").name("Campus NAC").type(ConnectorType.NAC)
            .jumpBox("jb-1").host("nac.acme.example").port(443).apiKey("nac-key-789")
            .bind("Block Address", "nac").build())
        .connector(Connector.builder().organization("acme").name("Tickets").jumpBox("jb-1")
            .host("acme.service-now.example").port(443).credentials("svc", "ticket-pw-000")
            .bind("Open Ticket").build())
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
        .build();
  }
}
