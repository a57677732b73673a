package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.internal.engine.RunnerRegistry;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A runner whose classes cannot be loaded (a JDK module outside the module graph, a jar left off
 * the class path) is reported as a PlaybookException that names it, never as an Error.
 */
class RunnerThatCannotStartTest {
  static final NoClassDefFoundError MISSING = new NoClassDefFoundError("java/sql/Date");

  /** Fails as Jython did on the module path without java.sql. */
  static final class MissingClassProvider implements ScriptRunnerProvider {
    @Override
    public String id() {
      return "fake";
    }

    @Override
    public ScriptRunner create(RunnerSettings settings) {
      throw MISSING;
    }
  }

  @Test
  void aProviderFailingWithALinkageErrorIsReportedAsUnavailableNamingTheRunner() {
    RunnerRegistry registry = new RunnerRegistry(List.of(new MissingClassProvider()), List.of(), false,
        getClass().getClassLoader(), Map.of());
    RunnerUnavailableException e = assertThrows(RunnerUnavailableException.class, () -> registry.runner("fake"));
    assertTrue(e.getMessage().contains("runner 'fake'"), e.getMessage());
    assertTrue(e.getMessage().contains(MissingClassProvider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("java/sql/Date"), e.getMessage());
    assertSame(MISSING, e.getCause());
  }

  @Test
  void buildingAnEngineWithARunnerThatCannotStartThrowsAPlaybookExceptionNotAnError() {
    CorePlaybookEngine.Builder b = CorePlaybookEngine.builder().discoverRunners(false)
        .runnerProvider(new MissingClassProvider()).defaultRunner("fake").configuration(Fixtures.acme());
    Throwable thrown = assertThrows(Throwable.class, b::build);
    ConfigurationException e = assertInstanceOf(ConfigurationException.class, thrown);
    assertTrue(e.getMessage().contains("runner 'fake'") && e.getMessage().contains("java/sql/Date"), e.getMessage());
  }
}
