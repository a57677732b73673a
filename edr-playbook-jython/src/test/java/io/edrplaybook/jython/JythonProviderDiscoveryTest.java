package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.spi.ScriptRunnerProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JythonProviderDiscoveryTest {

  @Test
  void serviceLoaderFindsTheJythonProviderById() {
    List<String> ids = ServiceLoader.load(ScriptRunnerProvider.class).stream()
        .map(p -> p.get().id()).filter("jython"::equals).toList();
    assertEquals(List.of("jython"), ids);
  }
}
