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
}
