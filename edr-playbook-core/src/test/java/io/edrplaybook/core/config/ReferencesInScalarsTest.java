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
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.RunnerSettingsReader;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
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

  private static final String PORT_ONLY = """
      {"organizations": [{"name": "acme"}],
       "jumpBoxes": [{"name": "jb-1", "organization": "acme", "core": "${env:CORE}"}],
       "actions": [{"organization": "acme", "name": "Notify", "scripts": [{"name": "s", "source": "def run(ctx): pass"}]}],
       "connectors": [{"organization": "acme", "name": "FW", "jumpBox": "jb-1", "host": "fw.example",
                       "port": "${env:PORT}", "apiKey": "${env:KEY}", "actions": [{"action": "Notify"}]}]}
      """;

  private static ConfigurationLoader withEnv(String... pairs) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("CORE", "false", "KEY", "fw-api-key-0001"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return ConfigurationLoader.builder().environment(env).discoverRunners(false).build();
  }

  @Test
  void aPortFromTheEnvironmentLoadsAsItsNumberAndABadOneNamesPathAndReference() {
    assertEquals(8443, withEnv("PORT", "8443").load(PORT_ONLY, ConfigurationFormat.JSON, Fixtures.dir())
        .configuration().connector("acme", "FW").orElseThrow().port());
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> withEnv("PORT", "abc").load(PORT_ONLY, ConfigurationFormat.JSON, Fixtures.dir()));
    assertEquals(List.of("<text>: connectors[0].port: must be an integer, was \"abc\" (from ${env:PORT})"),
        e.problems().stream().map(ConfigurationProblem::toString).toList());
  }

  @Test
  void aPortAndAJumpBoxFieldMayComeFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Files.writeString(dir.resolve("port.txt"), "9443\n");
    java.nio.file.Files.writeString(dir.resolve("core.txt"), "false");
    ConfigurationFile f = withEnv().load(PORT_ONLY.replace("${env:PORT}", "${file:port.txt}")
        .replace("${env:CORE}", "${file:core.txt}"), ConfigurationFormat.JSON, dir);
    assertEquals(9443, f.configuration().connector("acme", "FW").orElseThrow().port());
    assertFalse(f.configuration().jumpBox("jb-1").orElseThrow().core());
  }

  @Test
  void aSecretResolvedIntoAFieldThatIsNotSecretIsNeverPrinted() {
    String text = PORT_ONLY.replace("${env:PORT}", "${env:KEY}");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> withEnv().load(text, ConfigurationFormat.JSON, Fixtures.dir()));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals("<text>: connectors[0].port", e.problems().get(0).path());
    assertTrue(e.problems().get(0).message().contains("(from ${env:KEY})"), e.getMessage());
    assertFalse(e.getMessage().contains("fw-api-key-0001"), e.getMessage());
  }

  @Test
  void aRateOutOfRangeNamesTheResolvedValueAndItsReference() {
    assertEquals(List.of("<text>: connectors[0].limits.ratePerSecond: must be 0 (no limit) or between 0.001 and 10000,"
        + " was \"20000\" (from ${env:RATE})"), problems(Map.of("RATE", "20000")));
  }

  @Test
  void aRunnerSettingARunnerRefusesNamesTheReferenceItCameFrom() {
    ScriptRunnerProvider cpython = new ScriptRunnerProvider() {
      @Override
      public String id() {
        return "cpython";
      }

      @Override
      public List<ConfigurationProblem> validate(RunnerSettings settings) {
        RunnerSettingsReader r = new RunnerSettingsReader(settings);
        r.integer("workers", 1, 1, 256);
        r.size("memoryLimit", 0, 0, Long.MAX_VALUE);
        return r.problems();
      }

      @Override
      public ScriptRunner create(RunnerSettings settings) {
        throw new AssertionError("a load creates no runner");
      }
    };
    ConfigurationLoader loader = ConfigurationLoader.builder().discoverRunners(false).runnerProvider(cpython)
        .environment(Map.of("WORKERS", "many", "MEMORY", "1zb")).build();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> loader.load(
        "runners: {cpython: {workers: \"${env:WORKERS}\", memoryLimit: \"${env:MEMORY}\"}}\n",
        ConfigurationFormat.YAML, Fixtures.dir()));
    assertEquals(List.of("<text>: runners.cpython.memoryLimit: must be a size such as 65536, \"512k\", \"10mb\" or"
        + " \"1g\" (binary units b, k, m, g, t), was \"1zb\" (from ${env:MEMORY})",
        "<text>: runners.cpython.workers: must be a whole number, was \"many\" (from ${env:WORKERS})"),
        e.problems().stream().map(ConfigurationProblem::toString).sorted().toList());
  }

  @Test
  void theJournalsPathSchemaAndPrefixMayBeReferencesAndAreWrittenBackAsThem() {
    ConfigurationLoader loader = ConfigurationLoader.builder().discoverRunners(false)
        .environment(Map.of("JOURNAL_DIR", "/var/lib/edr/journal", "SCHEMA", "edr_staging", "PREFIX", "stg_")).build();
    ConfigurationFile f = loader.load("{\"organizations\": [{\"name\": \"acme\"}], \"journal\": {\"path\":"
        + " \"${env:JOURNAL_DIR}\"}}", ConfigurationFormat.JSON, Fixtures.dir());
    assertEquals(java.nio.file.Path.of("/var/lib/edr/journal"), f.journal().orElseThrow().path().orElseThrow());
    assertTrue(ConfigurationWriter.of(ConfigurationFormat.JSON).write(f).contains("\"${env:JOURNAL_DIR}\""));
    ConfigurationFile pg = loader.load("{\"organizations\": [{\"name\": \"acme\"}], \"journal\": {\"url\":"
        + " \"jdbc:postgresql://db/edr\", \"schema\": \"${env:SCHEMA}\", \"tablePrefix\": \"${env:PREFIX}\"}}",
        ConfigurationFormat.JSON, Fixtures.dir());
    assertEquals("edr_staging", pg.journal().orElseThrow().schema().orElseThrow());
    assertEquals("stg_", pg.journal().orElseThrow().tablePrefix().orElseThrow());
  }
}
