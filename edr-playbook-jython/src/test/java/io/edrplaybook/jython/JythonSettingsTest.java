package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.spi.RunnerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JythonSettingsTest {

  @Test
  void absentSettingsTakeTheDefaults() {
    JythonSettings s = JythonSettings.defaults();
    assertEquals(Runtime.getRuntime().availableProcessors(), s.poolSize());
    assertEquals(64 * 1024, s.outputCap());
    assertEquals(List.of(), s.pythonPath());
    assertTrue(s.warmUp());
    assertEquals(Duration.ofSeconds(2), s.grace());
    assertFalse(s.isolateThreads());
  }

  @Test
  void settingsAreReadFromRunnerSettings() {
    JythonSettings s = JythonSettings.from(RunnerSettings.empty("jython").with("poolSize", 3)
        .with("outputCap", "1m").with("pythonPath", List.of("/opt/lib")).with("warmUp", "false")
        .with("grace", "PT5S").with("isolateThreads", true));
    assertEquals(new JythonSettings(3, 1024 * 1024, List.of("/opt/lib"), false, Duration.ofSeconds(5), true), s);
  }

  @Test
  void environmentIsReadAsNamesToValues() {
    JythonSettings s = JythonSettings.from(RunnerSettings.empty("jython")
        .with("environment", Map.of("HTTPS_PROXY", "http://proxy:3128")));
    assertEquals(Map.of("HTTPS_PROXY", "http://proxy:3128"), s.environment());
    assertEquals(Map.of(), JythonSettings.defaults().environment());
  }

  @Test
  void environmentNameWithAnEqualsSignIsAConfigurationProblemNamingTheSetting() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> JythonSettings.from(RunnerSettings.empty("jython").with("environment", Map.of("A=B", "x"))));
    assertTrue(e.getMessage().contains("runners.jython.environment") && e.getMessage().contains("A=B"),
        e::getMessage);
  }

  @Test
  void poolSizeBelowOneIsAConfigurationProblemNamingTheSetting() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> JythonSettings.from(RunnerSettings.empty("jython").with("poolSize", 0)));
    assertTrue(e.getMessage().contains("runners.jython.poolSize"), e::getMessage);
  }

  @Test
  void outputCapThatIsNotASizeIsAConfigurationProblem() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> JythonSettings.from(RunnerSettings.empty("jython").with("outputCap", "lots")));
    assertTrue(e.getMessage().contains("lots"), e::getMessage);
  }

  /** The same input as the cpython runner's SettingsTest#outputCapAndGraceFollowTheRulesEveryRunnerShares. */
  @Test
  void outputCapAndGraceFollowTheRulesEveryRunnerShares() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> JythonSettings.from(
        RunnerSettings.empty("jython").with("outputCap", "20m").with("grace", "PT0.01S")));
    assertEquals(List.of("runners.jython.grace: must be between PT0.1S and PT5M, was \"PT0.01S\"",
        "runners.jython.outputCap: must be between 0 and 16m, was \"20m\" (20971520)"),
        e.problems().stream().map(Object::toString).sorted().toList());
    assertEquals(0, JythonSettings.from(RunnerSettings.empty("jython").with("outputCap", 0)).outputCap());
  }

  @Test
  void everyBadSettingIsReportedAtOnceWithItsKey() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> JythonSettings.from(
        RunnerSettings.empty("jython").with("poolSize", "many").with("outputCap", "10 megs").with("warmUp", "yes")
            .with("grace", "soon").with("isolateThreads", 1).with("environment", Map.of("A=B", "x"))));
    assertEquals(List.of("runners.jython.environment", "runners.jython.grace", "runners.jython.isolateThreads",
        "runners.jython.outputCap", "runners.jython.poolSize", "runners.jython.warmUp"),
        e.problems().stream().map(p -> p.path()).sorted().toList(), e::getMessage);
  }

  @Test
  void theProblemsOfAnInstanceAreUnderItsOwnId() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> JythonSettings.from(
        RunnerSettings.empty("jython-big").with("poolSize", 0).with("environment", Map.of("A=B", "x"))));
    assertEquals(List.of("runners.jython-big.environment", "runners.jython-big.poolSize"),
        e.problems().stream().map(p -> p.path()).sorted().toList(), e::getMessage);
  }

  @Test
  void aFractionalPoolSizeIsRefusedNotTruncated() {
    assertThrows(ConfigurationException.class,
        () -> JythonSettings.from(RunnerSettings.empty("jython").with("poolSize", 2.5)));
  }
}
