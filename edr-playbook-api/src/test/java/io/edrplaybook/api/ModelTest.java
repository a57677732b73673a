package io.edrplaybook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

  @Test
  void classificationParsesNamesAndLabels() {
    assertEquals(Classification.LIKELY_SAFE, Classification.parse("Likely Safe"));
    assertEquals(Classification.PUP, Classification.parse("pup"));
    assertEquals(Classification.LIKELY_SAFE, Classification.parse("likely-safe"));
    var e = assertThrows(IllegalArgumentException.class, () -> Classification.parse("Evil"));
    assertTrue(e.getMessage().contains("MALICIOUS, SUSPICIOUS, PUP, INCONCLUSIVE, LIKELY_SAFE"), e.getMessage());
  }

  @Test
  void connectorTypeIsExtensible() {
    assertEquals(ConnectorType.FIREWALL, ConnectorType.of("firewall"));
    assertEquals("TICKETING", ConnectorType.of("ticketing").name());
    assertThrows(ConfigurationException.class, () -> ConnectorType.of("no spaces allowed"));
  }

  @Test
  void eventWithMissingFieldsIsRefusedNamingThem() {
    var e = assertThrows(InvalidEventException.class, () -> SecurityEvent.builder().id("ev-1").build());
    assertTrue(e.getMessage().contains("organization device classification"), e.getMessage());
  }

  @Test
  void eventDetailsAreCopiedAndImmutable() {
    Map<String, Object> details = new HashMap<>();
    details.put("process", "evil.exe");
    SecurityEvent ev = SecurityEvent.builder().id("e").organization("acme").device("d", "g")
        .classification(Classification.PUP).time(Instant.EPOCH).details(details).build();
    details.put("process", "changed");
    assertEquals("evil.exe", ev.details().get("process"));
    assertThrows(UnsupportedOperationException.class, () -> ev.details().put("x", 1));
  }

  @Test
  void eventDetailsMustBeJsonValues() {
    assertThrows(InvalidEventException.class, () -> SecurityEvent.builder().id("e").organization("acme")
        .device("d", "g").classification(Classification.PUP).details(Map.of("x", new Object())).build());
  }

  @Test
  void reclassifiedEventKeepsItsIdentity() {
    SecurityEvent ev = SecurityEvent.builder().id("e").organization("acme").device("d", "g")
        .classification(Classification.INCONCLUSIVE).build();
    SecurityEvent re = ev.reclassified(Classification.MALICIOUS);
    assertEquals(ev.id(), re.id());
    assertEquals(Classification.MALICIOUS, re.classification());
  }

  @Test
  void namedSelectionNeedsAtLeastOneConnectorAndNoDuplicates() {
    assertThrows(ConfigurationException.class, () -> ConnectorSelection.of());
    assertThrows(ConfigurationException.class, () -> ConnectorSelection.of("a", "a"));
  }

  @Test
  void actionNeedsAScriptAndUniqueScriptNames() {
    assertThrows(ConfigurationException.class, () -> Action.builder().organization("acme").name("A").build());
    var e = assertThrows(ConfigurationException.class, () -> Action.builder().organization("acme").name("A")
        .script("s", "a.py", "def run(ctx): pass").script("s", "b.py", "def run(ctx): pass").build());
    assertTrue(e.getMessage().contains("scripts[1].name"), e.getMessage());
  }

  @Test
  void scriptToStringNeverShowsTheSource() {
    ActionScript s = ActionScript.of("slack", "slack.py", "TOKEN = 'abc'\ndef run(ctx): pass");
    assertTrue(!s.toString().contains("TOKEN"));
  }

  @Test
  void scriptCallToStringNeverShowsTheContext() {
    var call = new io.edrplaybook.spi.ScriptCall(io.edrplaybook.spi.EntryPoint.RUN,
        Map.of("connector", Map.of("auth", Map.of("apiKey", "xoxb-in-ctx"))), java.time.Duration.ofSeconds(1), "i-1");
    assertTrue(!call.toString().contains("xoxb-in-ctx"), call.toString());
  }

  @Test
  void detailsFromAJournalHideStartedEntriesOfEndedRunsAndAreChronological() {
    Invocation ended = new Invocation("i-1", "e", "acme", Classification.PUP, "a", "c", "s", "r", "jb", false, 1);
    Invocation running = new Invocation("i-2", "e", "acme", Classification.PUP, "a", "d", "s", "r", "jb", false, 1);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    HistoryEntry started1 = new InvocationStarted(ended, t0.plusMillis(1));
    HistoryEntry started2 = new InvocationStarted(running, t0.plusMillis(2));
    HistoryEntry result1 = InvocationResult.notRun(ended, InvocationStatus.SUCCEEDED, t0.plusMillis(5), "ok");
    HistoryEntry classified = new ClassificationChange("e", "acme", Classification.PUP, java.util.Optional.empty(), t0,
        java.util.Optional.empty(), "");
    var details = ClassificationDetails.fromJournal(new EventKey("acme", "e"), java.util.List.of(started1, result1, started2, classified));
    assertEquals(java.util.List.of(classified, started2, result1), details.entries());
  }
}
