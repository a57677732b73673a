package io.edrplaybook.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.Classification;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.testkit.FakeHttpEndpoint;
import io.edrplaybook.testkit.PlaybookTestKit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's "write your first playbook" walk-through, step 4, as a user would write it. */
class FirstPlaybookTest {
  private static final Path CONFIG = Path.of("first-playbook/playbook.json");
  private static final ConfigurationLoader LOADER =
      ConfigurationLoader.builder().environment(Map.of("WEBHOOK_KEY", "whk-test-123")).build();

  @Test
  void maliciousEventNotifiesTheWebhook() {
    try (PlaybookTestKit kit = PlaybookTestKit.load(CONFIG, LOADER).build()) {
      kit.submit(kit.newEvent("ev-1", Classification.MALICIOUS).build())
          .assertRan("Webhook Notification").on("SOC Webhook").withCtx("params.path", "/hooks/edr");
    }
  }

  @Test
  void likelySafeEventNotifiesNobody() {
    try (PlaybookTestKit kit = PlaybookTestKit.load(CONFIG, LOADER).build()) {
      kit.submit(kit.newEvent("ev-2", Classification.LIKELY_SAFE).build()).assertNothingRan();
    }
  }

  @Test
  void theRealScriptPostsToTheWebhookWithTheKey() {
    try (FakeHttpEndpoint webhook = FakeHttpEndpoint.start();
        PlaybookTestKit kit = PlaybookTestKit.load(CONFIG, LOADER).realRunners().routeConnectorsTo(webhook).build()) {
      webhook.respond("POST", "/hooks/edr", 200, "{}");
      kit.submit(kit.newEvent("ev-1", Classification.MALICIOUS).build())
          .assertRan("Webhook Notification").on("SOC Webhook").succeeded();
      assertEquals("Bearer whk-test-123", webhook.assertReceived("POST", "/hooks/edr").header("Authorization").orElseThrow());
    }
  }
}
