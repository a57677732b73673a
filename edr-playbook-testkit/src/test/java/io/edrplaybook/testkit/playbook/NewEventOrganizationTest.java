package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.testkit.PlaybookTestKit;
import org.junit.jupiter.api.Test;

/** kit.newEvent(...) with several organizations: the one the collector group implies, or a message saying to set it. */
class NewEventOrganizationTest {

  @Test
  void theOrganizationWithAPlaybookForTheDevicesCollectorGroupIsTheEventsOrganization() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(TwoOrganizations.configuration()).build()) {
      assertEquals("globex", kit.newEvent("ev-1", MALICIOUS).device("LAB-1", "Labs").build().organization());
      assertEquals("acme", kit.newEvent("ev-2", MALICIOUS).device("PC-1", "Finance").build().organization());
      kit.submit(kit.newEvent("ev-3", MALICIOUS).device("LAB-2", "Labs").build())
          .assertPlaybook("Labs").assertRanExactly("IM Notification on Globex Chat");
    }
  }

  @Test
  void theOnlyOrganizationWithADefaultPlaybookIsTheOrganizationOfADeviceInNoGroup() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(TwoOrganizations.configuration()).build()) {
      assertEquals("acme", kit.newEvent("ev-1", MALICIOUS).build().organization());
    }
  }

  @Test
  void anEventNoPlaybookImpliesAnOrganizationForFailsSayingToSetOne() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(TwoOrganizations.withGlobexDefault()).build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> kit.newEvent("ev-1", MALICIOUS).build());
      assertEquals("event \"ev-1\" names no organization and the configuration implies none: it has"
          + " organizations [acme, globex]; the device is in no collector group, and [acme, globex] have a"
          + " default playbook. Set one with newEvent(...).organization(\"acme\")", e.getMessage());
      assertEquals("globex", kit.newEvent("ev-1", MALICIOUS).organization("globex").build().organization());
    }
  }

  @Test
  void anExplicitOrganizationWins() {
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(TwoOrganizations.configuration()).build()) {
      assertEquals("globex", kit.newEvent("ev-1", MALICIOUS).organization("globex").device("PC", "Finance")
          .build().organization());
      assertTrue(kit.newEvent("ev-2", MALICIOUS).build().device().collectorGroup().isEmpty());
    }
  }
}
