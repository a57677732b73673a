package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.samples.internal.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** Two actions, each with a script per runner: one imports a missing module, one reads a file beside __file__. */
  private static Path importsConfig(Path dir) throws Exception {
    Path scripts = Files.createDirectories(dir.resolve("scripts"));
    for (String runner : List.of("jython", "cpython")) {
      Files.writeString(scripts.resolve("missing_" + runner + ".py"),
          "import json\n\nimport edr_no_such_module_4711\n\ndef run(ctx):\n    return None\n");
      Files.writeString(scripts.resolve("beside_" + runner + ".py"), "import os\n"
          + "POLICY = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'policy.txt')).read()\n"
          + "def run(ctx):\n    raise RuntimeError('run was called')\n");
    }
    Files.writeString(scripts.resolve("policy.txt"), "quarantine\n");
    return Files.writeString(dir.resolve("config.json"), """
        {
          "organizations": [{"name": "acme"}],
          "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
          "actions": [{"organization": "acme", "name": "Notify", "description": "imports a missing module",
                       "scripts": [{"name": "j", "file": "scripts/missing_jython.py", "runner": "jython"},
                                   {"name": "c", "file": "scripts/missing_cpython.py", "runner": "cpython"}]},
                      {"organization": "acme", "name": "Block", "description": "reads a file beside itself",
                       "scripts": [{"name": "j", "file": "scripts/beside_jython.py", "runner": "jython"},
                                   {"name": "c", "file": "scripts/beside_cpython.py", "runner": "cpython"}]}],
          "connectors": [{"organization": "acme", "name": "Log", "type": "CUSTOM", "jumpBox": "jb-1",
                          "host": "log.example", "port": 443, "apiKey": "log-key-0a1b2c3d4e",
                          "actions": [{"action": "Notify", "script": "j"}, {"action": "Block", "script": "c"}]}],
          "playbooks": [],
          "runners": {"default": "jython", "jython": {"warmUp": false, "poolSize": 1}, "cpython": {"workers": 2}}
        }
        """);
  }

  @Test
  void withImportsAScriptImportingAMissingModuleIsListedWithItsFileAndLineOnBothRunners(@TempDir Path dir)
      throws Exception {
    Path config = importsConfig(dir);
    CliRun r = CliRun.of("validate", "--config", config.toString(), "--imports");
    assertEquals(1, r.exit(), r.both());
    List<String> problems = r.errLines().stream().filter(l -> l.startsWith("  config.json: ")).toList();
    assertEquals(2, problems.size(), r.both());
    for (String[] expected : new String[][] {{"actions[0].scripts[0]", "missing_jython.py"},
        {"actions[0].scripts[1]", "missing_cpython.py"}}) {
      Path file = dir.resolve("scripts").resolve(expected[1]).toAbsolutePath().normalize();
      assertTrue(problems.stream().anyMatch(l -> l.startsWith("  config.json: " + expected[0]
          + ": module-level code failed at " + file + ", line 3: ") && l.contains("edr_no_such_module_4711")),
          expected[0] + "\n" + r.both());
    }
    assertTrue(r.err().contains("the configuration has 2 problems:"), r.both());
  }

  @Test
  void withImportsModuleLevelCodeUsingFilePassesAndRunIsNotCalled(@TempDir Path dir) throws Exception {
    Path config = importsConfig(dir);
    String text = Files.readString(config).replace("scripts/missing_jython.py", "scripts/beside_jython.py")
        .replace("scripts/missing_cpython.py", "scripts/beside_cpython.py");
    Files.writeString(config, text);
    CliRun r = CliRun.of("validate", "--config", config.toString(), "--imports");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("every script's imports checked."), r.both());
  }

  @Test
  void withoutImportsModuleLevelCodeDoesNotRun(@TempDir Path dir) throws Exception {
    CliRun r = CliRun.of("validate", "--config", importsConfig(dir).toString());
    assertEquals(0, r.exit(), r.both());
  }

  @Test
  void everySampleScriptImportsOnItsRunnerThePortedPackWithItsLibIncluded() throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("config", "edr-playbook.secrets.env"))) {
      if (line.matches("[A-Z_]+=.+")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = new Cli(o, e, env::get).run(new String[] {"validate", "--config", "config/edr-playbook.json", "--imports"});
    }
    String both = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, both);
    assertTrue(both.contains("(6 scripts compiled)") && both.contains("every script's imports checked."), both);
  }
}
