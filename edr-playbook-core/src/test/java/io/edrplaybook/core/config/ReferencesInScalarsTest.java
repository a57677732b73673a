package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.Connector;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.core.ConfigurationWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13 item 1: ${env:…}/${file:…} in every scalar where it makes sense, converted after resolution. */
class ReferencesInScalarsTest {
  private static final String FILE = """
      {"organizations": [{"name": "acme"}],
       "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
       "actions": [{"organization": "acme", "name": "Notify", "timeout": "${env:TIMEOUT}",
                    "retry": {"maxAttempts": "${env:ATTEMPTS}", "initialBackoff": "PT1S", "maxBackoff": "PT2S"},
                    "scripts": [{"name": "s", "source": "def run(ctx):\\n    pass\\n"}]}],
       "connectors": [{"organization": "acme", "name": "FW", "jumpBox": "jb-1", "host": "${env:FW_HOST}",
                       "port": "${env:FW_PORT}", "apiKey": "${env:FW_KEY}",
                       "limits": {"ratePerSecond": "${env:RATE}"},
                       "actions": [{"action": "Notify"}]}],
       "runners": {"cpython": {"interpreter": "${env:PYTHON}"}}}
      """;
  private static final Map<String, String> STAGING = Map.of("TIMEOUT", "PT5S", "ATTEMPTS", "3",
      "FW_HOST", "fw.staging.example", "FW_PORT", "9443", "FW_KEY", "staging-key-123456", "RATE", "2.5",
      "PYTHON", "/opt/venv/bin/python");

  private static ConfigurationFile load(Map<String, String> env) {
    return ConfigurationLoader.builder().environment(env).discoverRunners(false).build()
        .load(FILE, ConfigurationFormat.JSON, Fixtures.dir());
  }

  private static List<String> problems(Map<String, String> changes) {
    Map<String, String> env = new java.util.HashMap<>(STAGING);
    env.putAll(changes);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(env));
    return e.problems().stream().map(ConfigurationProblem::toString).toList();
  }

  @Test
  void hostPortTimeoutRetryAndLimitsMayBeReferencesConvertedAfterResolution() {
    ConfigurationFile file = load(STAGING);
    Connector fw = file.configuration().connector("acme", "FW").orElseThrow();
    assertEquals("fw.staging.example", fw.host());
    assertEquals(9443, fw.port());
    assertEquals(2.5, fw.limits().ratePerSecond());
    var notify = file.configuration().action("acme", "Notify").orElseThrow();
    assertEquals(Duration.ofSeconds(5), notify.timeout().orElseThrow());
    assertEquals(3, notify.retry().maxAttempts());
    assertEquals("/opt/venv/bin/python", file.runnerSettings().get("cpython").getString("interpreter", ""));
  }

  @Test
  void resolvedValuesThatAreNotSecretsAreNotMasked() {
    assertEquals(java.util.Set.of("staging-key-123456"), load(STAGING).secrets());
  }

  @Test
  void aBadResolvedValueIsReportedWithItsPathAndReference() {
    assertEquals(List.of("<text>: connectors[0].port: must be an integer, was \"nine\" (from ${env:FW_PORT})"),
        problems(Map.of("FW_PORT", "nine")));
    assertEquals(List.of("<text>: actions[0].timeout: must be an ISO-8601 duration such as \"PT30S\", was \"5s\""
        + " (from ${env:TIMEOUT})"), problems(Map.of("TIMEOUT", "5s")));
  }

  @Test
  void aResolvedValueOutOfRangeIsReportedWithItsPath() {
    List<String> p = problems(Map.of("FW_PORT", "70000"));
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("<text>: connectors[0].port: ") && p.get(0).contains("70000"), p.toString());
  }

  @Test
  void anUnsetVariableIsReportedAtThePathItWasWritten() {
    Map<String, String> env = new java.util.HashMap<>(STAGING);
    env.remove("FW_PORT");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(env));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals("<text>: connectors[0].port", e.problems().get(0).path());
    assertTrue(e.problems().get(0).message().contains("FW_PORT"), e.getMessage());
  }

  @Test
  void writingTheFileBackKeepsTheReferences() {
    String text = ConfigurationWriter.of(ConfigurationFormat.JSON).write(load(STAGING));
    assertTrue(text.contains("\"${env:FW_HOST}\"") && text.contains("\"${env:FW_PORT}\"")
        && text.contains("\"${env:TIMEOUT}\""), text);
    assertFalse(text.contains("fw.staging.example"), text);
    assertTrue(text.contains("\"${env:PYTHON}\""), text);
  }

  @Test
  void aReferenceIsWrittenBackOnlyWhereItWasWrittenNotForEveryEqualValue() {
    ConfigurationFile file = load(STAGING);
    var c = file.configuration();
    var other = c.connector("acme", "FW").orElseThrow().toBuilder().name("FW literal").apiKey(null)
        .credentials(new io.edrplaybook.api.ApiKey("literal-key-123456")).build();
    String text = ConfigurationWriter.of(ConfigurationFormat.JSON).write(file.withConfiguration(
        c.toBuilder().connector(other).build()));
    assertEquals(1, text.split("\\$\\{env:FW_PORT}", -1).length - 1, "one connector wrote ${env:FW_PORT}: " + text);
    assertTrue(text.contains("\"port\" : 9443"), text);
  }
}
