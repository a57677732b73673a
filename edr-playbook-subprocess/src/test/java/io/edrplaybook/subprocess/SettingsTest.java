package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 11 and issue 17 item 4: every setting has a range, checked at creation, all at once. */
class SettingsTest {

  private static RunnerSettings settings(Object... keysAndValues) {
    RunnerSettings s = RunnerSettings.empty("cpython");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      s = s.with((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return s;
  }

  @Test
  void everyBadSettingIsReportedAtOnceWithItsKey() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> CPythonSettings.from(
        settings("workers", 100000, "outputCap", "10 parsecs", "memoryLimit", "1mb", "grace", "PT10M",
            "runsPerWorker", 0, "partition", "team", "mode", "forked", "pidNamespace", "maybe",
            "sitePackages", "yes", "environment", Map.of("PYTHONPATH", "/opt/lib", "PYTHONHOME", "/x"),
            "pythonPath", List.of("/nonexistent/lib", "relative/lib"))));
    Set<String> paths = e.problems().stream().map(ConfigurationProblem::path).collect(Collectors.toSet());
    assertEquals(Set.of("runners.cpython.workers", "runners.cpython.outputCap",
        "runners.cpython.memoryLimit", "runners.cpython.grace", "runners.cpython.runsPerWorker",
        "runners.cpython.partition", "runners.cpython.mode", "runners.cpython.pidNamespace",
        "runners.cpython.sitePackages", "runners.cpython.environment.PYTHONPATH",
        "runners.cpython.environment.PYTHONHOME", "runners.cpython.pythonPath[0]",
        "runners.cpython.pythonPath[1]"), paths, e::getMessage);
    assertTrue(e.getMessage().contains("between 1 and 256, was 100000"), e::getMessage);
    assertTrue(e.getMessage().contains("pythonPath instead"), e::getMessage);
  }

  @Test
  void hugeWorkerCountIsRefusedBeforeAnyProcessStarts() {
    assertThrows(ConfigurationException.class, () -> Pythons.runner("workers", 100000));
  }

  @Test
  void sizesAreReadWithTheirUnits(@TempDir Path dir) {
    CPythonSettings s = CPythonSettings.from(settings("outputCap", "10kb", "memoryLimit", "512MiB",
        "pythonPath", List.of(dir.toString()), "partition", "connector", "workersPerConnector", 2));
    assertEquals(10 * 1024, s.outputCap());
    assertEquals(512L << 20, s.memoryLimit());
    assertEquals(List.of(dir.toString()), s.pythonPath());
    assertEquals(CPythonSettings.Partition.CONNECTOR, s.partition());
    assertEquals(2, s.workersPerConnector());
  }

  @Test
  void creatingARunnerStartsNoWorker(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("starts.log");
    Path python = dir.resolve("python3");
    Files.writeString(python, "#!/bin/sh\necho started >> " + log + "\nexec python3 \"$@\"\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    try (ScriptRunner runner = Pythons.runner("interpreter", python.toString(), "workers", 8)) {
      assertEquals(1, Files.readAllLines(log).size(), "only the interpreter probe ran");
    }
  }

  @Test
  void pythonPathFoldersAreImportable(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("helpers.py"), "VALUE = 'from pythonPath'\n");
    try (ScriptRunner runner = Pythons.runner("workers", 1, "pythonPath", List.of(dir.toString()))) {
      assertEquals(Map.of("v", "from pythonPath"), Pythons.run(runner,
          "import helpers\ndef run(ctx):\n    return {'v': helpers.VALUE}\n", Map.of()).result().orElseThrow());
    }
  }

  /** The same input as the jython runner's JythonSettingsTest#outputCapAndGraceFollowTheRulesEveryRunnerShares. */
  @Test
  void outputCapAndGraceFollowTheRulesEveryRunnerShares() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> CPythonSettings.from(settings("outputCap", "20m", "grace", "PT0.01S")));
    assertEquals(List.of("runners.cpython.grace: must be between PT0.1S and PT5M, was \"PT0.01S\"",
        "runners.cpython.outputCap: must be between 0 and 16m, was \"20m\" (20971520)"),
        e.problems().stream().map(Object::toString).sorted().toList());
    assertEquals(0, CPythonSettings.from(settings("outputCap", 0)).outputCap());
  }

  @Test
  void theProblemsOfAnInstanceAreUnderItsOwnId() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> CPythonSettings.from(
        RunnerSettings.empty("cpython2").with("memoryLimit", "1mb").with("environment", Map.of("PYTHONHOME", "/x"))));
    assertEquals(List.of("runners.cpython2.environment.PYTHONHOME", "runners.cpython2.memoryLimit"),
        e.problems().stream().map(ConfigurationProblem::path).sorted().toList(), e::getMessage);
  }
}
