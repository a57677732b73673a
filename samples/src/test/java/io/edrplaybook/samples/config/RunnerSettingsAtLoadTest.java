package io.edrplaybook.samples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3 with the real runners on the class path: both runners' settings are checked when
 * the file is loaded, the same way, every problem at once; issue 17 item 6: instances of them.
 */
class RunnerSettingsAtLoadTest {
  private static final String ACTIONS = """
      organizations: [{name: acme}]
      actions:
        - {organization: acme, name: A, scripts: [{name: s, runner: cpython2, source: "def run(ctx): pass"}]}
      """;

  private static List<String> problems(String yaml) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ConfigurationLoader.create().load(yaml, ConfigurationFormat.YAML, Path.of(".")));
    return e.problems().stream().map(ConfigurationProblem::toString).toList();
  }

  @Test
  void misspeltSettingsOfBothRunnersAndABadSizeAreReportedTogetherAtLoad() {
    List<String> p = problems("""
        runners:
          jython: {poolsize: 2}
          cpython: {workerz: 2}
          cpython2: {type: cpython, interpreter: python2.7, outputCap: "10xb"}
        """ + ACTIONS);
    assertTrue(p.contains("<text>: runners.jython.poolsize: unknown setting of runner \"jython\", did you mean"
        + " \"poolSize\"?"), p.toString());
    assertTrue(p.contains("<text>: runners.cpython.workerz: unknown setting of runner \"cpython\", did you mean"
        + " \"workers\"?"), p.toString());
    assertTrue(p.stream().anyMatch(x -> x.startsWith("<text>: runners.cpython2.outputCap: ") && x.contains("\"10xb\"")),
        p.toString());
    assertEquals(3, p.size(), p.toString());
  }

  @Test
  void everyBadValueOfARunnersSettingsIsReportedAtOnceOnBothRunners() {
    List<String> p = problems("""
        runners:
          jython: {poolSize: many, outputCap: 10xb, grace: soon}
          cpython: {workers: many, memoryLimit: 1zb, grace: soon}
        """ + ACTIONS.replace("cpython2", "cpython"));
    for (String path : List.of("runners.jython.poolSize", "runners.jython.outputCap", "runners.jython.grace",
        "runners.cpython.workers", "runners.cpython.memoryLimit", "runners.cpython.grace")) {
      assertTrue(p.stream().anyMatch(x -> x.startsWith("<text>: " + path + ": ")), path + " in " + p);
    }
    assertEquals(6, p.size(), p.toString());
  }

  @Test
  void aProblemOfAnInstancesSettingIsReportedAtTheInstancesPath() {
    assertEquals(List.of("<text>: runners.cpython2.workers: must be between 1 and 256, was 0"),
        problems("runners:\n  cpython2: {type: cpython, workers: 0}\n" + ACTIONS));
  }

  @Test
  void instancesOfTheCpythonRunnerLoadWithSizesInUnits() {
    ConfigurationFile file = ConfigurationLoader.create().load("""
        runners:
          default: cpython3
          cpython2: {type: cpython, interpreter: python2.7, workers: 1, memoryLimit: 512mb}
          cpython3: {type: cpython, interpreter: python3, outputCap: 10k}
        """ + ACTIONS, ConfigurationFormat.YAML, Path.of("."));
    assertEquals(512L * 1024 * 1024, file.runnerSettings().get("cpython2").getSize("memoryLimit", 0));
    assertEquals("cpython", file.runnerSettings().get("cpython3").type());
  }

  @Test
  void everyDocumentedSettingOfBothRunnersIsAcceptedAtLoad() {
    ConfigurationFile file = ConfigurationLoader.create().load("""
        runners:
          jython: {poolSize: 2, outputCap: 64k, pythonPath: [], warmUp: false, grace: PT2S, isolateThreads: false,
                   environment: {REGION: eu}}
          cpython: {interpreter: python3, workers: 4, workersPerConnector: 2, partition: connector, mode: POOLED,
                    outputCap: 64k, memoryLimit: 1g, runsPerWorker: 100, environment: {REGION: eu},
                    pythonPath: [], sitePackages: true, pidNamespace: auto, grace: PT2S}
        """ + ACTIONS.replace("cpython2", "cpython"), ConfigurationFormat.YAML, Path.of("."));
    assertEquals("connector", file.runnerSettings().get("cpython").getString("partition", ""));
  }
}
