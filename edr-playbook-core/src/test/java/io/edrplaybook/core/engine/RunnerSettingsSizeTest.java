package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.spi.RunnerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13 item 3: sizes such as 10mb are read as sizes, or refused, never as 10. */
class RunnerSettingsSizeTest {
  private static long size(Object v) {
    return new RunnerSettings("cpython", Map.of("memoryLimit", v)).getSize("memoryLimit", -1);
  }

  @Test
  void sizesWithUnitsAreBinaryMultiples() {
    assertEquals(10L * 1024 * 1024, size("10mb"));
    assertEquals(512L * 1024, size("512k"));
    assertEquals(1024L * 1024 * 1024, size("1 GiB"));
    assertEquals(300, size("300"));
    assertEquals(300, size(300));
  }

  @Test
  void getLongReadsTenMegabytesAsTenMebibytesNotTen() {
    assertEquals(10L * 1024 * 1024, new RunnerSettings("cpython", Map.of("outputCap", "10mb")).getLong("outputCap", 0));
  }

  @Test
  void anUnknownUnitIsRefusedNamingTheSetting() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> size("10 megs"));
    assertEquals("runners.cpython.memoryLimit", e.problems().get(0).path());
    assertTrue(e.problems().get(0).message().contains("\"10 megs\""), e.getMessage());
  }

  @Test
  void aSizeThatDoesNotFitInALongIsRefused() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> size("9999999999999g"));
    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }

  @Test
  void checkListsTheProblemOfEverySettingEvenWhenTheReaderStopsAtTheFirst() {
    RunnerSettings s = new RunnerSettings("py2", Map.of("workers", "many", "memoryLimit", "1zb", "grace", "PT1S"));
    var problems = s.check(x -> {
      x.getInt("workers", 1);
      x.getSize("memoryLimit", 0);
      x.getDuration("grace", java.time.Duration.ZERO);
    });
    assertEquals(java.util.List.of("runners.py2.memoryLimit", "runners.py2.workers"),
        problems.stream().map(io.edrplaybook.api.ConfigurationProblem::path).toList());
  }

  @Test
  void checkRelocatesAProblemNamedUnderTheProvidersIdToTheInstancesId() {
    RunnerSettings s = new RunnerSettings("cpython2", Map.of("workers", 0));
    var problems = s.check(x -> {
      throw new ConfigurationException("runners.cpython.workers", "must be at least 1, was 0");
    });
    assertEquals("runners.cpython2.workers", problems.get(0).path());
  }
}
