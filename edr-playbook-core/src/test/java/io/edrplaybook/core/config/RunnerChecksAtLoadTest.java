package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 13 item 3: unknown runner ids and settings are problems of the load, with file, path and a suggestion. */
class RunnerChecksAtLoadTest {

  private static ScriptRunnerProvider provider(String id, String... keys) {
    return new ScriptRunnerProvider() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Set<String> settingKeys() {
        return Set.of(keys);
      }

      @Override
      public ScriptRunner create(RunnerSettings settings) {
        throw new AssertionError("a load creates no runner");
      }
    };
  }

  private static List<String> problems(String yaml) {
    ConfigurationLoader loader = ConfigurationLoader.builder().discoverRunners(false)
        .runnerProvider(provider("jython", "poolSize", "grace")).runnerProvider(provider("cpython", "workers"))
        .build();
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> loader.load(yaml, ConfigurationFormat.YAML, Fixtures.dir()));
    return e.problems().stream().map(ConfigurationProblem::toString).toList();
  }

  private static final String ACTIONS = """
      organizations: [{name: acme}]
      actions:
        - {organization: acme, name: A, scripts: [{name: s, source: "def run(ctx): pass"}]}
        - {organization: acme, name: B, scripts: [{name: s, source: "def run(ctx): pass"}]}
        - {organization: acme, name: C, scripts: [{name: s, runner: cpyhton, source: "def run(ctx): pass"}]}
      """;

  @Test
  void aMisspeltRunnerOfAScriptIsReportedWithFilePathActionAndSuggestion() {
    assertEquals(List.of("<text>: actions[2].scripts[0].runner: script \"s\" of action \"C\" names no known"
        + " runner, \"cpyhton\"; did you mean \"cpython\"? (runners found: [cpython, jython])"),
        problems(ACTIONS));
  }

  @Test
  void aMisspeltDefaultRunnerIsOneProblemNotOnePerScript() {
    assertEquals(List.of("<text>: runners.default: no runner \"jyhton\", the runner of every script that names"
        + " none; did you mean \"jython\"? (runners found: [cpython, jython])"),
        problems("runners: {default: jyhton}\n" + ACTIONS.replace("cpyhton", "cpython")));
  }

  @Test
  void settingsOfAMisspeltRunnerAndAMisspeltSettingAreReportedTogether() {
    assertEquals(List.of(
        "<text>: runners.cpyton: no runner \"cpyton\" for these settings; did you mean \"cpython\"? (runners"
            + " found: [cpython, jython]) (for a second instance of a runner, set \"type\")",
        "<text>: runners.jython.poolsize: unknown setting of runner \"jython\", did you mean \"poolSize\"?",
        "<text>: runners.py2.workerz: unknown setting of runner \"cpython\", did you mean \"workers\"?"),
        problems("runners: {jython: {poolsize: 2}, cpyton: {workers: 2}, py2: {type: cpython, workerz: 1}}\n"
            + ACTIONS.replace("cpyhton", "py2")));
  }

  @Test
  void withoutAnyRunnerKnownAtLoadRunnerIdsAreLeftToTheEngine() {
    ConfigurationLoader loader = ConfigurationLoader.builder().discoverRunners(false).build();
    assertEquals(3, loader.load(ACTIONS, ConfigurationFormat.YAML, Fixtures.dir()).configuration().actions().size());
  }

  @Test
  void aRunnerTheHostRegistersOnTheEngineMayBeNamedWhenItsIdIsDeclared() {
    String yaml = "runners: {default: java-http, java-http: {anything: 1}}\n"
        + ACTIONS.replace("cpyhton", "java-http");
    ConfigurationLoader loader = ConfigurationLoader.builder().discoverRunners(false)
        .runnerProvider(provider("jython", "poolSize")).runnerIds(Set.of("java-http")).build();
    assertEquals(3, loader.load(yaml, ConfigurationFormat.YAML, Fixtures.dir()).configuration().actions().size());
  }

  @Test
  void declaredRunnerIdsAloneMakeRunnerIdsCheckedAtLoad() {
    ConfigurationLoader loader = ConfigurationLoader.builder().discoverRunners(false)
        .runnerIds(Set.of("java-http")).build();
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> loader.load(ACTIONS.replace("cpyhton", "java-htp"), ConfigurationFormat.YAML, Fixtures.dir()));
    assertEquals(List.of("<text>: actions[2].scripts[0].runner: script \"s\" of action \"C\" names no known"
        + " runner, \"java-htp\"; did you mean \"java-http\"? (runners found: [java-http])"),
        e.problems().stream().map(ConfigurationProblem::toString).toList());
  }

  @Test
  void aMisspeltRunnerOfAScriptInAFileIsReportedWithTheFilesName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path file = dir.resolve("playbooks.yaml");
    java.nio.file.Files.writeString(file, ACTIONS);
    ConfigurationLoader loader = ConfigurationLoader.builder().discoverRunners(false)
        .runnerProvider(provider("cpython")).build();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> loader.load(file));
    assertEquals("playbooks.yaml: actions[2].scripts[0].runner", e.problems().get(0).path());
  }
}
