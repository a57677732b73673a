package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  @Test
  void aValidConfigurationExitsZeroWithItsCounts() {
    CliRun r = CliRun.of("validate", "--config", CliRun.resource("basic/config.json"));
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("valid. 1 organization, 1 JumpBox, 2 actions (2 scripts compiled), 2 connectors,"
        + " 2 playbooks"), r.both());
  }

  @Test
  void aConfigurationWithTenMistakesListsAllTenOneALineAndExitsOne() {
    CliRun r = CliRun.of("validate", "--config", CliRun.resource("mistakes/config.json"));
    assertEquals(1, r.exit(), r.both());
    List<String> problems = r.errLines().stream().filter(l -> l.startsWith("  config.json: ")).toList();
    List<String> paths = problems.stream().map(l -> l.substring(2, l.indexOf(':', "  config.json: ".length()))).sorted()
        .toList();
    assertEquals(List.of(
        "config.json: actions[0].descripton",
        "config.json: actions[0].scripts[1].file",
        "config.json: actions[0].timeout",
        "config.json: conectors",
        "config.json: connectors[0].apiKey",
        "config.json: connectors[0].port",
        "config.json: connectors[1].host",
        "config.json: organizations[1].name",
        "config.json: playbooks[0].rules[0].classifications[1]",
        "config.json: playbooks[0].rules[1].connectors"), paths, r.both());
    assertTrue(r.err().contains("the configuration has 10 problems:"), r.both());
  }

  @Test
  void aMissingScriptFileNamesThePathItLookedFor() {
    CliRun r = CliRun.of("validate", "--config", CliRun.resource("mistakes/config.json"));
    Path expected = Path.of(CliRun.resource("mistakes/config.json")).getParent().resolve("scripts/missing_teams.py");
    assertTrue(r.errLines().stream().anyMatch(l -> l.contains("actions[0].scripts[1].file") && l.contains(expected.toString())),
        r.both());
  }

  @Test
  void anUnknownKeyComesWithASuggestion() {
    CliRun r = CliRun.of("validate", "--config", CliRun.resource("mistakes/config.json"));
    assertTrue(r.err().contains("config.json: conectors: unknown key, did you mean \"connectors\"?"), r.both());
  }

  @Test
  void aScriptThatDoesNotCompileIsListedWithItsFileAndLine() {
    CliRun r = CliRun.of("validate", "--config", CliRun.resource("broken/config.json"));
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("  config.json: actions[0].scripts[0]: script refused: "), r.both());
    assertTrue(r.err().contains("broken_notify.py, line 3"), r.both());
  }

  @Test
  void aMissingConfigurationFileNamesThePathItLookedFor(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    CliRun r = CliRun.of("validate", "--config", missing.toString());
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("nope.json: no such file, looked for " + missing), r.both());
  }

  @Test
  void aFileThatIsNotJsonIsAProblemNotACrash(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"organizations\": [");
    CliRun r = CliRun.of("validate", "--config", file.toString());
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("bad.json"), r.both());
  }
}
