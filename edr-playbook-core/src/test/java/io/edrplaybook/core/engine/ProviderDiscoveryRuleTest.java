package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.ProviderDiscovery;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine and the configuration loader find runner providers by one rule ({@link ProviderDiscovery}):
 * the builder's class loader, else the thread's context class loader, else core's (issue 13 item 16).
 */
class ProviderDiscoveryRuleTest {
  private static final String SETTINGS = "{\"runners\": {\"" + TcclRunnerProvider.ID + "\": {\"colr\": \"red\"}}}";

  private URLClassLoader plugins;
  private Path dir;

  @BeforeEach
  void registerAProviderInALoaderOfItsOwn(@TempDir Path dir) throws IOException {
    this.dir = dir;
    Path services = dir.resolve("plugins/META-INF/services/" + ScriptRunnerProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, TcclRunnerProvider.class.getName() + "\n");
    plugins = new URLClassLoader(new URL[] {dir.resolve("plugins").toUri().toURL()}, getClass().getClassLoader());
  }

  @AfterEach
  void close() throws IOException {
    plugins.close();
  }

  @Test
  void anEngineBuiltUnderAContextClassLoaderFindsItsProviders() throws Exception {
    try (CorePlaybookEngine engine = withContextLoader(plugins, () -> CorePlaybookEngine.builder()
        .defaultRunner(TcclRunnerProvider.ID).configuration(Fixtures.acme()).build())) {
      assertEquals(TcclRunnerProvider.ID, engine.defaultRunner());
    }
  }

  @Test
  void theLoaderUnderTheSameContextClassLoaderChecksTheSameProvidersSettings() throws Exception {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> withContextLoader(plugins,
        () -> ConfigurationLoader.create().load(SETTINGS, ConfigurationFormat.JSON, dir)));
    assertTrue(e.getMessage().contains("unknown setting of runner \"" + TcclRunnerProvider.ID + "\""),
        e::getMessage);
  }

  @Test
  void theDefaultClassLoaderIsTheContextClassLoaderWhenSetElseCores() throws Exception {
    assertSame(plugins, withContextLoader(plugins, ProviderDiscovery::defaultClassLoader));
    assertSame(ProviderDiscovery.class.getClassLoader(), withContextLoader(null, ProviderDiscovery::defaultClassLoader));
  }

  @Test
  void aProviderThatCannotBeLoadedIsReportedAndSkipped() throws IOException {
    Path services = dir.resolve("broken/META-INF/services/" + ScriptRunnerProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, "com.example.Missing\n");
    try (URLClassLoader broken = new URLClassLoader(new URL[] {dir.resolve("broken").toUri().toURL()})) {
      List<String> errors = new java.util.ArrayList<>();
      assertEquals(List.of(), ProviderDiscovery.load(ScriptRunnerProvider.class, broken,
          err -> errors.add(err.getMessage())));
      assertEquals(1, errors.size(), errors::toString);
      assertTrue(errors.get(0).contains("com.example.Missing"), errors::toString);
    }
  }

  private static <T> T withContextLoader(ClassLoader loader, Callable<T> work) throws Exception {
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      return work.call();
    } finally {
      t.setContextClassLoader(before);
    }
  }
}
