package io.edrplaybook.testkit.playbook;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;

/**
 * A configuration of two organizations: acme (the SOC playbook: a default playbook and one for
 * collector group Finance) and globex, which has a playbook for collector group Labs only.
 */
final class TwoOrganizations {
  private TwoOrganizations() {}

  static Configuration configuration() {
    Configuration.Builder b = SocPlaybook.configuration().toBuilder()
        .organization("globex")
        .jumpBox(JumpBox.of("globex", "jb-g"))
        .action(Action.builder().organization("globex").name("IM Notification").description("Tell the SOC")
            .script(SocPlaybook.script("chat", "scripts/globex_chat.py", "cpython")).build())
        .connector(Connector.builder().organization("globex").name("Globex Chat").jumpBox("jb-g")
            .host("chat.globex.example").port(443).apiKey("globex-key-1").bind("IM Notification", "chat").build())
        .playbook(Playbook.builder().organization("globex").name("Labs").collectorGroups("Labs")
            .rule(PlaybookSection.NOTIFICATIONS, "IM Notification", ConnectorSelection.all(),
                Classification.MALICIOUS)
            .build());
    return b.build();
  }

  /** As {@link #configuration()}, with a default playbook for globex too. */
  static Configuration withGlobexDefault() {
    return configuration().toBuilder()
        .playbook(Playbook.builder().organization("globex").name("Globex Default").isDefault(true)
            .rule(PlaybookSection.NOTIFICATIONS, "IM Notification", ConnectorSelection.all(),
                Classification.MALICIOUS)
            .build())
        .build();
  }
}
