package io.edrplaybook.core.internal.secrets;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.spi.SecretResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the {@link SecretResolver}s registered with {@link ServiceLoader}. */
public final class SecretResolvers {
  private static final Logger LOG = LoggerFactory.getLogger(SecretResolvers.class);

  private SecretResolvers() {}

  /**
   * Returns the resolvers registered in {@code META-INF/services}, by scheme.
   *
   * @param classLoader where to look
   * @throws PlaybookException when one cannot be instantiated, or two claim the same scheme
   */
  public static Map<String, SecretResolver> discover(ClassLoader classLoader) {
    Map<String, SecretResolver> found = new LinkedHashMap<>();
    for (SecretResolver r : io.edrplaybook.core.ProviderDiscovery.load(SecretResolver.class, classLoader, e -> {
      throw new PlaybookException("A SecretResolver registered in META-INF/services could not be"
          + " loaded: " + e.getMessage(), e);
    })) {
      SecretResolver before = found.putIfAbsent(r.scheme(), r);
      if (before != null) {
        throw new PlaybookException("Two SecretResolvers claim the scheme \"" + r.scheme() + "\": "
            + before.getClass().getName() + " and " + r.getClass().getName()
            + "; remove one from the classpath or register the one to use on the ConfigurationLoader builder");
      }
    }
    LOG.debug("SecretResolvers found on the classpath: {}", found.keySet());
    return found;
  }
}
