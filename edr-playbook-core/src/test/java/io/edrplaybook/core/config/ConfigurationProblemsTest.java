package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.ConfigurationFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationProblemsTest {
  private static final String CONNECTOR = """
      {"organization": "acme", "name": "c", "type": "CUSTOM", "jumpBox": "jb-1", "host": "h.example",
       "port": 443, "apiKey": "${env:SLACK_TOKEN}", "actions": [{"action": "Notify"}]}""";

  @Test
  void aConfigurationWithTenMistakesListsAllTenWithTheirPaths() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Fixtures.loader().load(Fixtures.dir().resolve("ten-mistakes.json")));
    Set<String> paths = e.problems().stream().map(ConfigurationProblem::path).collect(Collectors.toSet());
    assertEquals(Set.of(
        "ten-mistakes.json: organizations[1].name",
        "ten-mistakes.json: actions[0].descripton",
        "ten-mistakes.json: actions[0].scripts[1].file",
        "ten-mistakes.json: actions[0].timeout",
        "ten-mistakes.json: conectors",
        "ten-mistakes.json: connectors[0].port",
        "ten-mistakes.json: connectors[0].apiKey",
        "ten-mistakes.json: connectors[1].host",
        "ten-mistakes.json: playbooks[0].rules[0].classifications[1]",
        "ten-mistakes.json: playbooks[0].rules[1].connectors"), paths, String.join("\n", Fixtures.rendered(e)));
    assertEquals(10, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().startsWith("Invalid configuration, 10 problems:"), e.getMessage());
  }

  @Test
  void anUnknownKeyIsAnErrorWithASuggestion() {
    ConfigurationException e = Fixtures.failure("{\"organizations\": [], \"conectors\": []}");
    assertEquals(List.of("<text>: conectors: unknown key, did you mean \"connectors\"?"), Fixtures.rendered(e));
  }

  @Test
  void unknownKeysAreFoundAtEveryLevel() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR
        .replace("\"port\"", "\"prot\": 1, \"port\"")
        .replace("\"action\": \"Notify\"", "\"action\": \"Notify\", \"param\": {}")));
    assertEquals(Set.of("<text>: connectors[0].prot: unknown key, did you mean \"port\"?",
        "<text>: connectors[0].actions[0].param: unknown key, did you mean \"params\"?"),
        Set.copyOf(Fixtures.rendered(e)));
  }

  @Test
  void anUnknownKeyFarFromAnyListsTheAcceptedKeys() {
    ConfigurationException e = Fixtures.failure("{\"organizations\": [{\"name\": \"acme\", \"colour\": \"red\"}]}");
    assertEquals(List.of("<text>: organizations[0].colour: unknown key, expected one of name"), Fixtures.rendered(e));
  }

  @Test
  void aBadPortNamesTheFileThePathAndTheValue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sample.json");
    Files.writeString(file, Fixtures.withConnector(CONNECTOR.replace("443", "70000")));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Fixtures.loader().load(file));
    assertEquals(List.of("sample.json: connectors[0].port: must be between 1 and 65535, was 70000"),
        Fixtures.rendered(e));
  }

  @Test
  void aValueOfTheWrongTypeSaysWhatWasExpected() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR.replace("443", "\"abc\"")));
    assertEquals(List.of("<text>: connectors[0].port: must be an integer, was \"abc\""), Fixtures.rendered(e));
  }

  @Test
  void malformedJsonReportsLineAndColumn() {
    ConfigurationException e = Fixtures.failure("{\n  \"organizations\": [\n    {\"name\": \"acme\",,}\n  ]\n}\n");
    assertEquals(1, e.problems().size());
    assertTrue(e.getMessage().contains("malformed JSON at line 3, column 21"), e.getMessage());
  }

  @Test
  void malformedYamlReportsLineAndColumn() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Fixtures.loader()
        .load("organizations:\n  - name: acme\n jumpBoxes: [\n", ConfigurationFormat.YAML, Fixtures.dir()));
    assertTrue(e.getMessage().contains("malformed YAML at line 3, column"), e.getMessage());
  }

  @Test
  void aKeyWrittenTwiceIsReportedWithItsLine() {
    ConfigurationException e = Fixtures.failure("{\"organizations\": [],\n \"organizations\": []}");
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertTrue(e.getMessage().contains("organizations"), e.getMessage());
  }

  @Test
  void aMissingEnvironmentVariableIsNamed() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR.replace("SLACK_TOKEN", "NOPE_TOKEN")));
    assertEquals(List.of("<text>: connectors[0].apiKey: environment variable NOPE_TOKEN is not set"),
        Fixtures.rendered(e));
  }

  @Test
  void aMissingSecretFileIsNamed() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR.replace("env:SLACK_TOKEN",
        "file:secrets/nope")));
    assertEquals(List.of("<text>: connectors[0].apiKey: secret file " + Fixtures.dir().resolve("secrets/nope")
        + " was not found"), Fixtures.rendered(e));
  }

  @Test
  void anUnknownSecretSchemeListsTheKnownOnes() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR.replace("env:SLACK_TOKEN", "vault:x")));
    assertEquals(List.of("<text>: connectors[0].apiKey: unknown secret scheme \"vault\" in \"${vault:x}\";"
        + " known schemes: env, file"), Fixtures.rendered(e));
  }

  @Test
  void aMissingScriptFileNamesThePathItLookedFor() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR).replace(
        "\"source\": \"def run(ctx):\\n    pass\\n\"", "\"file\": \"scripts/nope.py\""));
    assertEquals(List.of("<text>: actions[0].scripts[0].file: no such file \"scripts/nope.py\", looked for "
        + Fixtures.dir().resolve("scripts/nope.py")), Fixtures.rendered(e));
  }

  @Test
  void aScriptWithNeitherFileNorSourceSaysWhatItNeeds() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR).replace(
        ", \"source\": \"def run(ctx):\\n    pass\\n\"", ""));
    assertEquals(List.of("<text>: actions[0].scripts[0]: needs \"file\" (a path relative to the configuration"
        + " file) or \"source\" (the script's text)"), Fixtures.rendered(e));
  }

  @Test
  void aConnectorWithAProblemCausesNoComplaintInThePlaybooksNamingIt() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR.replace("443", "0"))
        .replace("\"connectors\":", "\"playbooks\": [{\"organization\": \"acme\", \"name\": \"p\", \"rules\":"
            + " [{\"section\": \"CUSTOM\", \"action\": \"Notify\", \"connectors\": [\"c\"]}]}], \"connectors\":"));
    assertEquals(List.of("<text>: connectors[0].port: must be between 1 and 65535, was 0"), Fixtures.rendered(e));
  }

  @Test
  void anActionWithAProblemCausesNoComplaintInTheConnectorsBindingIt() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR)
        .replace("\"name\": \"Notify\",", "\"name\": \"Notify\", \"timeout\": \"soon\","));
    assertEquals(List.of("<text>: actions[0].timeout: must be an ISO-8601 duration such as \"PT30S\","
        + " was \"soon\""), Fixtures.rendered(e));
  }

  @Test
  void problemsBetweenObjectsCarryTheirPathInTheFile() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR.replace("jb-1", "jb-9")));
    assertEquals(List.of("<text>: connectors[0].jumpBox: no JumpBox named \"jb-9\"; did you mean \"jb-1\"?"),
        Fixtures.rendered(e));
  }

  @Test
  void aRowsConnectorsMustBeAllOrAList() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR).replace("\"connectors\":",
        "\"playbooks\": [{\"organization\": \"acme\", \"name\": \"p\", \"rules\": [{\"section\": \"CUSTOM\","
            + " \"action\": \"Notify\", \"connectors\": \"some\"}]}], \"connectors\":"));
    assertEquals(List.of("<text>: playbooks[0].rules[0].connectors: must be \"ALL\" or a list of connector"
        + " names, was \"some\""), Fixtures.rendered(e));
  }

  @Test
  void badConnectorLimitsNameTheirPath() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR.replace("\"port\"",
        "\"limits\": {\"maxConcurrent\": -1, \"ratePerSecond\": \"fast\"}, \"port\"")));
    assertEquals(List.of("<text>: connectors[0].limits.maxConcurrent: must be between 0 and 10000, was -1",
        "<text>: connectors[0].limits.ratePerSecond: must be a number, was \"fast\""), Fixtures.rendered(e));
  }

  @Test
  void everyDurationAndNumberIsRefusedOutsideItsRangeWithItsPath() {
    ConfigurationException e = Fixtures.failure(Fixtures.withConnector(CONNECTOR.replace("\"port\"",
        "\"limits\": {\"maxConcurrent\": 100000, \"ratePerSecond\": 1e-300, \"burst\": 20000}, \"port\""))
        .replace("\"scripts\":", "\"timeout\": \"PT999999999999H\", \"retry\": {\"maxAttempts\": 1000,"
            + " \"initialBackoff\": \"PT2H\", \"maxBackoff\": \"P400D\"}, \"scripts\":"));
    assertEquals(List.of(
        "<text>: actions[0].timeout: must be between PT0.001S and PT24H, was \"PT999999999999H\"",
        "<text>: actions[0].retry.maxAttempts: must be between 1 and 100, was 1000",
        "<text>: actions[0].retry.initialBackoff: must be between PT0S and PT1H, was \"PT2H\"",
        "<text>: actions[0].retry.maxBackoff: must be between PT0S and PT24H, was \"P400D\"",
        "<text>: connectors[0].limits.maxConcurrent: must be between 0 and 10000, was 100000",
        "<text>: connectors[0].limits.ratePerSecond: must be 0 (no limit) or between 0.001 and 10000, was 1.0E-300",
        "<text>: connectors[0].limits.burst: must be between 0 and 10000, was 20000"), Fixtures.rendered(e));
  }

  @Test
  void aFileWithAnUnknownExtensionIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sample.txt");
    Files.writeString(file, "{}");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Fixtures.loader().load(file));
    assertEquals(List.of("sample.txt: unknown configuration format; name the file *.json, *.yaml or *.yml"),
        Fixtures.rendered(e));
  }

  @Test
  void aMissingConfigurationFileNamesThePathItLookedFor(@TempDir Path dir) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Fixtures.loader().load(dir.resolve("nope.yaml")));
    assertEquals(List.of("nope.yaml: no such file, looked for " + dir.resolve("nope.yaml")), Fixtures.rendered(e));
  }

  @Test
  void anEmptyDocumentSaysSo() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Fixtures.loader().load("# nothing\n", ConfigurationFormat.YAML, Fixtures.dir()));
    assertTrue(e.getMessage().contains("<text>: is empty"), e.getMessage());
  }

  @Test
  void aSecretValueNeverAppearsInAnyExceptionMessage() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Fixtures.loader().load(Fixtures.dir().resolve("mistakes-with-secrets.json")));
    assertTrue(e.problems().size() >= 8, e.getMessage());
    for (String secret : List.of(Fixtures.SLACK_TOKEN, Fixtures.TEAMS_TOKEN, Fixtures.FW_PASSWORD,
        "literal-SECRET-3", "literal-SECRET-4", "12345678901")) {
      assertFalse(e.getMessage().contains(secret), "secret in: " + e.getMessage());
    }
  }
}
