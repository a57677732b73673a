package io.edrplaybook.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13 item 3: one way to read a runner's settings, every problem at once, sizes with binary units. */
class RunnerSettingsReaderTest {
  private static RunnerSettings settings(Object... keysAndValues) {
    RunnerSettings s = RunnerSettings.empty("py2");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      s = s.with((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return s;
  }

  private static List<String> problems(RunnerSettingsReader r) {
    return r.problems().stream().map(ConfigurationProblem::toString).toList();
  }

  @Test
  void everyRefusedValueIsAProblemWithItsPathAndTheReadingGoesOn() {
    RunnerSettingsReader r = new RunnerSettingsReader(settings("workers", "many", "outputCap", "10 megs",
        "grace", "PT10M", "warm", "yes"));
    assertEquals(4, r.integer("workers", 4, 1, 256));
    assertEquals(RunnerSettingsReader.DEFAULT_OUTPUT_CAP, r.outputCap());
    assertEquals(RunnerSettingsReader.DEFAULT_GRACE, r.grace());
    assertEquals(true, r.bool("warm", true));
    assertEquals(List.of(
        "runners.py2.workers: must be a whole number, was \"many\"",
        "runners.py2.outputCap: must be a size such as 65536, \"512k\", \"10mb\" or \"1g\" (binary units b, k, m, g, t),"
            + " was \"10 megs\"",
        "runners.py2.grace: must be between PT0.1S and PT5M, was \"PT10M\"",
        "runners.py2.warm: must be true or false, was \"yes\""), problems(r));
    ConfigurationException e = assertThrows(ConfigurationException.class, r::throwIfAny);
    assertEquals(4, e.problems().size());
  }

  @Test
  void sizesTakeBinaryUnitsInAnyCaseWithOrWithoutASpace() {
    RunnerSettingsReader r = new RunnerSettingsReader(settings("a", "10mb", "b", "512k", "c", "1 GiB", "d", "2T",
        "e", 300, "f", "300", "g", "7b"));
    assertEquals(10L << 20, r.size("a", 0, 0, Long.MAX_VALUE));
    assertEquals(512L << 10, r.size("b", 0, 0, Long.MAX_VALUE));
    assertEquals(1L << 30, r.size("c", 0, 0, Long.MAX_VALUE));
    assertEquals(2L << 40, r.size("d", 0, 0, Long.MAX_VALUE));
    assertEquals(300, r.size("e", 0, 0, Long.MAX_VALUE));
    assertEquals(300, r.size("f", 0, 0, Long.MAX_VALUE));
    assertEquals(7, r.size("g", 0, 0, Long.MAX_VALUE));
    assertEquals(List.of(), r.problems());
  }

  @Test
  void aFractionalSizeOrNumberIsRefusedNotTruncated() {
    RunnerSettingsReader r = new RunnerSettingsReader(settings("cap", "1.5m", "workers", 2.5, "exact", 3.0));
    assertEquals(-1, r.size("cap", -1, 0, Long.MAX_VALUE));
    assertEquals(-1, r.integer("workers", -1, 0, 10));
    assertEquals(3, r.integer("exact", -1, 0, 10));
    assertEquals(List.of("runners.py2.cap", "runners.py2.workers"),
        r.problems().stream().map(ConfigurationProblem::path).toList());
  }

  @Test
  void anOutputCapOverTheSharedLimitIsRefusedWithItsValueInBytes() {
    RunnerSettingsReader r = new RunnerSettingsReader(settings("outputCap", "20m"));
    r.outputCap();
    assertEquals(List.of("runners.py2.outputCap: must be between 0 and 16m, was \"20m\" (20971520)"), problems(r));
  }

  @Test
  void durationsAreIsoOrWholeMillisecondsAlsoAsText() {
    RunnerSettingsReader r = new RunnerSettingsReader(settings("a", "PT0.5S", "b", 1500, "c", "1500"));
    assertEquals(Duration.ofMillis(500), r.duration("a", null, Duration.ZERO, Duration.ofHours(1)));
    assertEquals(Duration.ofMillis(1500), r.duration("b", null, Duration.ZERO, Duration.ofHours(1)));
    assertEquals(Duration.ofMillis(1500), r.duration("c", null, Duration.ZERO, Duration.ofHours(1)));
    assertEquals(List.of(), r.problems());
  }

  enum Mode { POOLED, ISOLATED }

  @Test
  void aChoiceIsAnEnumConstantInAnyCase() {
    RunnerSettingsReader r = new RunnerSettingsReader(settings("mode", "isolated", "other", "forked"));
    assertEquals(Mode.ISOLATED, r.choice("mode", Mode.POOLED));
    assertEquals(Mode.POOLED, r.choice("other", Mode.POOLED));
    assertEquals(List.of("runners.py2.other: must be one of [pooled, isolated], was \"forked\""), problems(r));
  }

  @Test
  void problemsOfARecordNamedUnderTheProvidersIdAreMovedUnderTheInstancesId() {
    RunnerSettingsReader r = new RunnerSettingsReader(settings());
    r.problems(new ConfigurationException("runners.cpython.workers", "must be at least 1, was 0"));
    assertEquals(List.of("runners.py2.workers: must be at least 1, was 0"), problems(r));
  }

  @Test
  void getIntRefusesAFractionInsteadOfTruncatingIt() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> settings("poolSize", 2.5).getInt("poolSize", 1));
    assertEquals("runners.py2.poolSize: must be a whole number, was 2.5", e.problems().get(0).toString());
    assertEquals(4, settings("poolSize", "4").getInt("poolSize", 1));
  }

  @Test
  void getLongReadsAUnitAsASizeNeverAsItsNumberAlone() {
    assertEquals(10L << 20, settings("outputCap", "10mb").getLong("outputCap", 0));
    assertEquals(1L << 40, settings("memoryLimit", "1t").getLong("memoryLimit", 0));
  }
}
