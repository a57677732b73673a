package io.edrplaybook.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookEngine;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The usage example of README.md, as written there, on the Jython runner found by discovery. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRunsTheSlackNotification() {
    String slackToken = Objects.requireNonNullElse(System.getenv("SLACK_TOKEN"), "xoxb-example");
    // --- README.md, "Use it" ---
    Configuration config = Configuration.builder()
        .organization("acme")
        .jumpBox(JumpBox.of("acme", "jb-1"))
        .action(Action.builder().organization("acme").name("IM Notification")
            .description("Tell the SOC channel")
            .script("slack", "slack_notify.py", "def run(ctx):\n    return {'message': 'posted'}\n")
            .build())
        .connector(Connector.builder().organization("acme").name("SOC Slack").jumpBox("jb-1")
            .host("hooks.slack.example").port(443).apiKey(slackToken)
            .bind("IM Notification").build())
        .playbook(Playbook.builder().organization("acme").name("Default Playbook").isDefault(true)
            .rule(PlaybookSection.NOTIFICATIONS, "IM Notification", ConnectorSelection.all(),
                Classification.MALICIOUS, Classification.SUSPICIOUS)
            .build())
        .build();

    try (PlaybookEngine engine = CorePlaybookEngine.builder().configuration(config).build()) {
      SecurityEvent event = SecurityEvent.builder().id("ev-1").organization("acme")
          .device(Device.of("LAPTOP-7", "Finance", "10.1.2.3", "Windows 11"))
          .classification(Classification.MALICIOUS).build();
      EventOutcome outcome = engine.submit(event).toCompletableFuture().join();
      engine.history("ev-1").runs().forEach(r -> System.out.println(r.status() + " " + r.message()));
      // --- end of the example ---
      assertEquals(1, outcome.results().size());
      assertEquals(InvocationStatus.SUCCEEDED, outcome.results().get(0).status());
      assertEquals("posted", outcome.results().get(0).message());
      assertEquals("jython", outcome.results().get(0).invocation().runner());
    }
  }
}
