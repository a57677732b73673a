package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 17 item 6: named instances of a runner, each with its own settings, picked per script. */
class RunnerInstancesTest {

  /** A "pythons" provider: remembers the settings of each runner it creates; knows two settings. */
  static final class SettingsRecordingProvider implements ScriptRunnerProvider {
    final List<RunnerSettings> created = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "pythons";
    }

    @Override
    public Set<String> settingKeys() {
      return Set.of("interpreter", "poolSize");
    }

    @Override
    public ScriptRunner create(RunnerSettings settings) {
      created.add(settings);
      return new FakeRunner(settings.runnerId());
    }
  }

  private static io.edrplaybook.api.Configuration twoScripts(String first, String second) {
    return Fixtures.withAction("IM Notification", a -> Action.builder().organization("acme").name(a.name())
        .script(new ActionScript("slack", "slack.py", "def run(ctx):\n  pass\n", Optional.ofNullable(first)))
        .script(new ActionScript("teams", "teams.py", "def run(ctx):\n  pass\n", Optional.ofNullable(second)))
        .build());
  }

  @Test
  void aScriptNamingAnInstanceRunsOnARunnerOfItsTypeCreatedWithTheInstancesSettings() throws Exception {
    SettingsRecordingProvider provider = new SettingsRecordingProvider();
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runnerProvider(provider)
        .defaultRunner("pythons")
        .runnerInstance("py2", "pythons", Map.of("interpreter", "python2.7", "poolSize", 2))
        .runnerInstance("py3", "pythons", Map.of("interpreter", "python3"))
        .configuration(twoScripts("py2", "py3")).build()) {
      var plan = engine.plan(Fixtures.event("e1", "acme", "Default", io.edrplaybook.api.Classification.MALICIOUS));
      var runners = plan.invocations().stream().filter(p -> p.action().equals("IM Notification"))
          .map(p -> p.connector() + "=" + p.runner()).sorted().toList();
      assertEquals(List.of("SOC Slack=py2", "SOC Teams=py3"), runners);
    }
    Map<String, Map<String, Object>> byId = new java.util.TreeMap<>();
    provider.created.forEach(s -> byId.put(s.runnerId(), s.values()));
    assertEquals(Map.of("interpreter", "python2.7", "poolSize", 2), byId.get("py2"),
        "the provider is given the instance's own settings, without \"type\"");
    assertEquals(Map.of("interpreter", "python3"), byId.get("py3"));
  }

  @Test
  void aConfigurationFileDefinesInstancesWithTypeAndScriptsNameThem() {
    SettingsRecordingProvider provider = new SettingsRecordingProvider();
    ConfigurationFile file = ConfigurationLoader.builder().discoverRunners(false).runnerProvider(provider).build()
        .load("""
            runners:
              default: py3
              py2: {type: pythons, interpreter: python2.7, poolSize: 2}
              py3: {type: pythons, interpreter: python3}
            organizations: [{name: acme}]
            actions:
              - organization: acme
                name: Old
                scripts: [{name: s, runner: py2, source: "def run(ctx):\\n  pass\\n"}]
            """, ConfigurationFormat.YAML, Path.of("."));
    assertEquals(Optional.of("py3"), file.defaultRunner());
    assertEquals("pythons", file.runnerSettings().get("py2").type());
    String written = io.edrplaybook.core.ConfigurationWriter.of(ConfigurationFormat.YAML).write(file);
    assertEquals(file.runnerSettings(), ConfigurationLoader.builder().discoverRunners(false).runnerProvider(provider)
        .build().load(written, ConfigurationFormat.YAML, Path.of(".")).runnerSettings(), written);
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runnerProvider(provider)
        .configurationFile(file).build()) {
      assertEquals("py3", engine.defaultRunner());
    }
    assertEquals(List.of("py2"), provider.created.stream().map(RunnerSettings::runnerId).toList());
  }

  @Test
  void aMisspeltDefaultRunnerIsOneProblemAtBuildNotOnePerScript() {
    SettingsRecordingProvider provider = new SettingsRecordingProvider();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> CorePlaybookEngine.builder()
        .discoverRunners(false).runnerProvider(provider).defaultRunner("pythosn")
        .configuration(Fixtures.acme()).build());
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals("runners.default", e.problems().get(0).path());
    assertTrue(e.problems().get(0).message().contains("did you mean \"pythons\"?"), e.getMessage());
  }

  @Test
  void anUnknownRunnerOfAScriptIsReportedAtBuildWithTheActionsNameAndASuggestion() {
    SettingsRecordingProvider provider = new SettingsRecordingProvider();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> CorePlaybookEngine.builder()
        .discoverRunners(false).runnerProvider(provider).defaultRunner("pythons")
        .configuration(twoScripts("pyhtons", null)).build());
    assertEquals(1, e.problems().size(), e.getMessage());
    ConfigurationProblem p = e.problems().get(0);
    assertTrue(p.path().endsWith(".scripts[0].runner"), p.toString());
    assertTrue(p.message().contains("action \"IM Notification\"") && p.message().contains("did you mean \"pythons\"?"),
        p.toString());
  }

  @Test
  void settingsOfAnUnknownRunnerAndMisspeltSettingsAreRefusedAtBuildAllAtOnce() {
    SettingsRecordingProvider provider = new SettingsRecordingProvider();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> CorePlaybookEngine.builder()
        .discoverRunners(false).runnerProvider(provider).defaultRunner("pythons")
        .runnerSettings(new RunnerSettings("pytohns", Map.of("poolSize", 2)))
        .runnerSettings(new RunnerSettings("pythons", Map.of("poolsize", 2)))
        .runnerInstance("py9", "pyhton", Map.of())
        .configuration(Fixtures.acme()).build());
    List<String> rendered = e.problems().stream().map(ConfigurationProblem::toString).toList();
    assertEquals(3, rendered.size(), e.getMessage());
    assertTrue(rendered.contains("runners.py9.type: no runner \"pyhton\" to make an instance of; did you mean"
        + " \"pythons\"? (runners found: [pythons])"), e.getMessage());
    assertTrue(rendered.stream().anyMatch(r -> r.startsWith("runners.pytohns: no runner \"pytohns\"")
        && r.contains("did you mean \"pythons\"?")), e.getMessage());
    assertTrue(rendered.contains("runners.pythons.poolsize: unknown setting of runner \"pythons\", did you mean"
        + " \"poolSize\"?"), e.getMessage());
  }
}
