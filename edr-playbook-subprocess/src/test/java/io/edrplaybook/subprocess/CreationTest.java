package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the provider, reading settings, and refusing a missing or too old interpreter. */
class CreationTest {

  @Test
  void serviceLoaderFindsTheCpythonProvider() {
    assertTrue(ServiceLoader.load(ScriptRunnerProvider.class).stream()
        .anyMatch(p -> p.get().id().equals("cpython")));
  }

  @Test
  void missingInterpreterPathIsNamedInTheError() {
    PlaybookException e = assertThrows(PlaybookException.class,
        () -> Pythons.runner("interpreter", "/nonexistent/bin/python9"));
    assertTrue(e.getMessage().contains("/nonexistent/bin/python9"), e::getMessage);
  }

  @Test
  void interpreterNameNotOnPathIsNamedWithThePathSearched() {
    PlaybookException e = assertThrows(PlaybookException.class,
        () -> Pythons.runner("interpreter", "python-that-does-not-exist"));
    assertTrue(e.getMessage().contains("'python-that-does-not-exist' was not found on PATH ("), e::getMessage);
  }

  @Test
  void interpreterOlderThan27IsRefused(@TempDir Path dir) throws IOException {
    Path fake = dir.resolve("python2.6");
    Files.writeString(fake, "#!/bin/sh\nprintf '2 6 9\\n/opt/old/python2.6'\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    PlaybookException e = assertThrows(PlaybookException.class,
        () -> Pythons.runner("interpreter", fake.toString()));
    assertTrue(e.getMessage().contains("is Python 2.6.9, older than the 2.7"), e::getMessage);
  }

  @Test
  void interpreterThatFailsToRunIsReportedWithItsOutput(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("python3");
    Files.writeString(broken, "#!/bin/sh\necho 'shim: no such version' >&2\nexit 127\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));
    PlaybookException e = assertThrows(PlaybookException.class,
        () -> Pythons.runner("interpreter", broken.toString()));
    assertTrue(e.getMessage().contains("exit status 127") && e.getMessage().contains("shim: no such version"),
        e::getMessage);
  }

  @Test
  void invalidSettingIsAConfigurationErrorNamingIt() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> CPythonSettings.from(RunnerSettings.empty("cpython").with("mode", "forked")));
    assertEquals("runners.cpython.mode", e.problems().get(0).path());
    assertThrows(ConfigurationException.class,
        () -> CPythonSettings.from(RunnerSettings.empty("cpython").with("workers", 0)));
  }

  @Test
  void defaultsAreSensible() {
    CPythonSettings s = CPythonSettings.defaults();
    assertEquals(CPythonSettings.Mode.POOLED, s.mode());
    assertEquals(64 * 1024, s.outputCap());
    assertEquals(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()), s.workers());
    assertEquals(s.workers() - 1, s.workersPerConnector());
    assertEquals(CPythonSettings.Partition.ORGANIZATION, s.partition());
    assertTrue(s.interpreter().isEmpty());
  }
}
