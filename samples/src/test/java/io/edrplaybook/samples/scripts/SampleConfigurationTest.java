package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Self-consistency of samples/config (loading it through the engine is the demo's test). */
class SampleConfigurationTest {

  private static final Path CONFIG = Path.of("config", "edr-playbook.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyScriptFileTheConfigurationNamesExists() throws Exception {
    for (JsonNode action : JSON.readTree(CONFIG.toFile()).path("actions")) {
      for (JsonNode script : action.path("scripts")) {
        Path file = CONFIG.getParent().resolve(script.path("file").asText()).normalize();
        assertTrue(Files.isRegularFile(file), () -> action.path("name") + ": no script at " + file.toAbsolutePath());
      }
    }
  }

  @Test
  void everySecretIsAnEnvReferenceTheDemoSecretsFileDefines() throws Exception {
    Set<String> defined = Files.readAllLines(Path.of("config", "edr-playbook.secrets.env")).stream()
        .filter(line -> line.matches("[A-Z_]+=.+")).map(line -> line.substring(0, line.indexOf('=')))
        .collect(Collectors.toSet());
    List<String> secrets = new ArrayList<>();
    for (JsonNode connector : JSON.readTree(CONFIG.toFile()).path("connectors")) {
      secrets.add(connector.has("apiKey") ? connector.path("apiKey").asText()
          : connector.path("credentials").path("password").asText());
    }
    Pattern reference = Pattern.compile("\\$\\{env:([A-Z_]+)}");
    for (String secret : secrets) {
      Matcher m = reference.matcher(secret);
      assertTrue(m.matches(), () -> "secret written in clear or not as ${env:NAME}: " + secret);
      assertTrue(defined.contains(m.group(1)), () -> m.group(1) + " is not in edr-playbook.secrets.env");
    }
    assertEquals(6, secrets.size());
  }

  @Test
  void theEventsFileHasFiveEventsOneOfThemReclassified() throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("config", "events.jsonl"))) {
      events.add(JSON.readTree(line));
    }

    assertEquals(List.of("MALICIOUS", "SUSPICIOUS", "INCONCLUSIVE", "MALICIOUS", "LIKELY_SAFE"),
        events.stream().map(e -> e.path("classification").asText()).toList());
    assertEquals(events.get(2).path("id"), events.get(3).path("id"));
    assertEquals("Finance", events.get(1).path("device").path("collectorGroup").asText());
  }
}
