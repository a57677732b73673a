package io.edrplaybook.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The one rule by which the library finds its plugins ({@link io.edrplaybook.spi.ScriptRunnerProvider}s
 * and {@link io.edrplaybook.spi.SecretResolver}s) with {@link ServiceLoader}: {@link CorePlaybookEngine},
 * {@link ConfigurationLoader} and the test kit's {@code PlaybookTestKit} all look in
 *
 * <ol>
 *   <li>the class loader given to their builder's {@code classLoader(...)}; else
 *   <li>the context class loader of the thread that creates the builder, when it has one (a host
 *       that loads plugins in a class loader of its own sets it, as for any {@code ServiceLoader}
 *       lookup); else
 *   <li>the class loader that loaded edr-playbook-core.
 * </ol>
 *
 * <p>So a configuration file is checked against the same runners the engine built from it will
 * have. On the module path, providers are found in the modules that {@code provides} the
 * service as well as on the class path of that loader. Stateless and thread-safe.
 */
public final class ProviderDiscovery {
  private ProviderDiscovery() {}

  /**
   * Returns the class loader discovery uses when none is given: the calling thread's context
   * class loader when it is set, else the one that loaded edr-playbook-core.
   *
   * @return never null
   */
  public static ClassLoader defaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ProviderDiscovery.class.getClassLoader();
  }

  /** More broken providers than this and the lookup stops (an iterator that fails on every step). */
  private static final int MAX_BROKEN = 1_000;

  /**
   * Returns every provider of {@code service} registered for {@code loader}, in
   * {@link ServiceLoader} order. A provider that cannot be loaded or instantiated is skipped after
   * {@code onBroken} has seen its error (which may throw to stop the lookup).
   *
   * @param service the service interface; never null
   * @param loader where to look, e.g. {@link #defaultClassLoader()}; never null
   * @param onBroken told of each provider that could not be loaded; never null
   * @param <S> the service type
   * @return the providers found; never null
   */
  public static <S> List<S> load(Class<S> service, ClassLoader loader, Consumer<ServiceConfigurationError> onBroken) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(onBroken, "onBroken");
    List<S> found = new ArrayList<>();
    int broken = 0;
    Iterator<S> it = ServiceLoader.load(service, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return found;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        onBroken.accept(e);
        broken++;
      } catch (LinkageError e) {
        // a class the provider needs is missing or cannot be initialised (NoClassDefFoundError,
        // ExceptionInInitializerError): reported like any broken provider, never escaping as an Error
        onBroken.accept(new ServiceConfigurationError(service.getName() + ": a provider could not be loaded: " + e, e));
        broken++;
      }
      if (broken > MAX_BROKEN) {
        onBroken.accept(new ServiceConfigurationError(service.getName() + ": more than " + MAX_BROKEN
            + " providers could not be loaded; the lookup stopped"));
        return found;
      }
    }
  }
}
