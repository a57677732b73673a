package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ApiKey;
import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.spi.SecretResolver;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverDiscoveryTest {
  private static final String CONNECTOR = """
      {"organization": "acme", "name": "c", "type": "CUSTOM", "jumpBox": "jb-1", "host": "h.example",
       "port": 443, "apiKey": "${vault:kv/slack}", "actions": [{"action": "Notify"}]}""";

  /** A resolver found through META-INF/services. */
  public static final class VaultResolver implements SecretResolver {
    @Override
    public String scheme() {
      return "vault";
    }

    @Override
    public Optional<String> resolve(String reference) {
      return Optional.of("vault:" + reference);
    }
  }

  /** A second resolver claiming the same scheme. */
  public static final class OtherVaultResolver implements SecretResolver {
    @Override
    public String scheme() {
      return "vault";
    }

    @Override
    public Optional<String> resolve(String reference) {
      return Optional.empty();
    }
  }

  /** A resolver claiming a built-in scheme. */
  public static final class EnvImpostor implements SecretResolver {
    @Override
    public String scheme() {
      return "env";
    }

    @Override
    public Optional<String> resolve(String reference) {
      return Optional.empty();
    }
  }

  @Test
  void aResolverRegisteredInMetaInfServicesAddsItsScheme(@TempDir Path dir) throws IOException {
    ConfigurationLoader loader = ConfigurationLoader.builder().environment(Fixtures.ENV)
        .classLoader(services(dir, VaultResolver.class)).build();
    var file = loader.load(Fixtures.withConnector(CONNECTOR), ConfigurationFormat.JSON, Fixtures.dir());
    assertEquals(new ApiKey("vault:kv/slack"), file.configuration().connectors().get(0).credentials());
  }

  @Test
  void discoveryCanBeTurnedOff(@TempDir Path dir) throws IOException {
    ConfigurationLoader loader = ConfigurationLoader.builder().environment(Fixtures.ENV)
        .classLoader(services(dir, VaultResolver.class)).discoverSecretResolvers(false).build();
    var e = assertThrows(io.edrplaybook.api.ConfigurationException.class,
        () -> loader.load(Fixtures.withConnector(CONNECTOR), ConfigurationFormat.JSON, Fixtures.dir()));
    assertTrue(e.getMessage().contains("unknown secret scheme \"vault\""), e.getMessage());
  }

  @Test
  void twoDiscoveredResolversForOneSchemeAreAnError(@TempDir Path dir) throws IOException {
    ClassLoader cl = services(dir, VaultResolver.class, OtherVaultResolver.class);
    PlaybookException e = assertThrows(PlaybookException.class,
        () -> ConfigurationLoader.builder().classLoader(cl).build());
    assertTrue(e.getMessage().contains("Two SecretResolvers claim the scheme \"vault\""), e.getMessage());
  }

  @Test
  void aDiscoveredResolverCannotSilentlyReplaceABuiltInOne(@TempDir Path dir) throws IOException {
    ClassLoader cl = services(dir, EnvImpostor.class);
    PlaybookException e = assertThrows(PlaybookException.class,
        () -> ConfigurationLoader.builder().classLoader(cl).build());
    assertTrue(e.getMessage().contains("claims the built-in scheme \"env\""), e.getMessage());
  }

  private static ClassLoader services(Path dir, Class<?>... resolvers) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    StringBuilder names = new StringBuilder();
    for (Class<?> c : resolvers) {
      names.append(c.getName()).append('\n');
    }
    Files.writeString(services.resolve(SecretResolver.class.getName()), names);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, SecretResolverDiscoveryTest.class.getClassLoader());
  }
}
