package io.edrplaybook.core;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.core.internal.config.ConfigurationParser;
import io.edrplaybook.core.internal.config.Parsed;
import io.edrplaybook.core.internal.secrets.EnvSecretResolver;
import io.edrplaybook.core.internal.secrets.FileSecretResolver;
import io.edrplaybook.core.internal.secrets.SecretResolvers;
import io.edrplaybook.spi.ScriptRunnerProvider;
import io.edrplaybook.spi.SecretResolver;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a configuration file, JSON or YAML, into a {@link ConfigurationFile}.
 *
 * <p>Script {@code file} paths are relative to the configuration file's folder; inline
 * {@code source} is accepted too. Secrets ({@code apiKey}, {@code credentials.username},
 * {@code credentials.password}, and strings inside binding {@code params}) may be written as
 * references: {@code ${env:NAME}}, {@code ${file:PATH}} (content without trailing line breaks,
 * relative to the configuration's folder), or any scheme of a {@link SecretResolver} registered on
 * the builder or found with {@link java.util.ServiceLoader}. So may the fields that are not names:
 * {@code host}, {@code port}, {@code description}, {@code timeout}, {@code retry} and
 * {@code limits} fields, booleans (a JumpBox's {@code core}, a playbook's {@code default}), a
 * script's {@code runner}, {@code runners.default}, runner settings and the journal's
 * {@code path}, {@code schema} and {@code tablePrefix}; those resolve as values that are not
 * secrets (not masked), converted to the field's type after resolution, a bad value reported with
 * its path and the reference it came from (a runner setting too, when the runner refuses it). A
 * secret of the file is never quoted in a problem, even when it was resolved into a field that is
 * not a secret.
 *
 * <p>The {@code runners} object holds {@code default} (the runner of scripts that name none) and
 * the settings of each runner by id; an entry with a {@code type} is a named instance of that
 * runner with its own settings ({@code cpython2: {type: cpython, interpreter: python2.7}}), which
 * scripts name like a runner. When runners are known at load (providers found with
 * {@link java.util.ServiceLoader} or {@linkplain Builder#runnerProvider registered}, ids of runners
 * the host registers on the engine {@linkplain Builder#runnerIds declared}), unknown runner ids
 * and settings are problems of the load, with the file's name, the path and a suggestion: a
 * misspelt {@code runners.default} is one problem at that path, an unknown setting
 * ({@code poolsize}) one at {@code runners.<id>.poolsize}, and a value a runner refuses is
 * reported by the runner's {@link ScriptRunnerProvider#validate}, all at once.
 *
 * <p>Every problem is reported at once in one {@link ConfigurationException}; each problem's path
 * starts with the file's name ({@code sample.json: connectors[2].port}) and its message quotes the
 * bad value, never a secret. Unknown keys are problems too, with a suggestion when one is close.
 * An element with a problem still takes part in the checks between objects with stand-ins for its
 * bad fields, and problems that only follow from another one are left out.
 *
 * <p>Limits, so that a hostile or broken file fails fast: a file larger than
 * {@link Builder#maxFileSize(long)} (16 MiB by default) is refused before it is parsed; a YAML
 * file holding several documents ({@code ---}) is refused; nesting deeper than 100 levels is
 * refused; the YAML parser stops at the size limit and does not expand aliases. Every number and
 * duration has a range, checked with its path (docs/configuration.md lists them).
 *
 * <p>Thread-safe: one loader may load many files at once.
 */
public final class ConfigurationLoader {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConfigurationLoader.class);
  /** The largest configuration file accepted unless the builder says otherwise: 16 MiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 16L * 1024 * 1024;
  private static final Set<String> BUILT_IN = Set.of("env", "file");

  private final Map<String, SecretResolver> resolvers;
  private final Function<String, String> environment;
  private final long maxFileSize;
  private final Map<String, ScriptRunnerProvider> runnerProviders;
  private final Set<String> registeredRunners;

  private ConfigurationLoader(Builder b) {
    Map<String, SecretResolver> r = new LinkedHashMap<>();
    if (b.discover) {
      for (SecretResolver found : SecretResolvers.discover(b.classLoader).values()) {
        if (BUILT_IN.contains(found.scheme()) && !b.resolvers.containsKey(found.scheme())) {
          throw new PlaybookException(found.getClass().getName() + " claims the built-in scheme \""
              + found.scheme() + "\"; register it on the ConfigurationLoader builder to replace the built-in one");
        }
        r.put(found.scheme(), found);
      }
    }
    // explicit registrations win over discovered ones; `file` is bound per load
    r.putAll(b.resolvers);
    this.resolvers = Map.copyOf(r);
    this.environment = b.environment;
    this.maxFileSize = b.maxFileSize;
    Map<String, ScriptRunnerProvider> providers = new LinkedHashMap<>();
    if (b.discoverRunners) {
      // the engine reports a provider that cannot be loaded when it is built; runner ids are then checked there
      ProviderDiscovery.load(ScriptRunnerProvider.class, b.classLoader,
              e -> log.debug("A ScriptRunnerProvider could not be loaded: {}", e.toString()))
          .forEach(p -> providers.putIfAbsent(p.id(), p));
    }
    b.runnerProviders.forEach(p -> providers.put(p.id(), p));
    this.runnerProviders = Map.copyOf(providers);
    this.registeredRunners = Set.copyOf(b.registeredRunners);
  }

  /** Returns a loader with the built-in and discovered resolvers and the process's environment. */
  public static ConfigurationLoader create() {
    return builder().build();
  }

  /**
   * Returns the JSON Schema (draft 2020-12) of the configuration format, the text of the resource
   * {@code io/edrplaybook/core/configuration.schema.json} of this jar; for an editor's completion
   * or a host's own checks. Works on the class path and on the module path (where the resource's
   * package is not open to other modules).
   *
   * @return the schema's JSON text; never null
   */
  public static String jsonSchema() {
    try (java.io.InputStream in = ConfigurationLoader.class.getResourceAsStream("configuration.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("configuration.schema.json is missing from the edr-playbook-core jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read configuration.schema.json from the edr-playbook-core jar", e);
    }
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads {@code file}; its format comes from its extension ({@code .json}, {@code .yaml},
   * {@code .yml}).
   *
   * @param file the configuration file; never null
   * @return what it holds
   * @throws ConfigurationException listing every problem, the file's name in front of each path
   */
  public ConfigurationFile load(Path file) {
    Objects.requireNonNull(file, "file");
    String label = label(file);
    ConfigurationFormat format = ConfigurationFormat.of(file).orElseThrow(() -> new ConfigurationException(
        label, "unknown configuration format; name the file *.json, *.yaml or *.yml"));
    Path absolute = file.toAbsolutePath().normalize();
    String text;
    try {
      long size = Files.size(absolute);
      if (size > maxFileSize) {
        throw tooLarge(label, size + " bytes");
      }
      text = Files.readString(absolute, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(label, "no such file, looked for " + absolute);
    } catch (CharacterCodingException e) {
      throw new ConfigurationException(label, "is not UTF-8 text, " + absolute);
    } catch (IOException e) {
      throw new ConfigurationException(label, "could not be read (" + e.getClass().getSimpleName()
          + "), " + absolute);
    }
    return load(label, text, format, absolute.getParent(), absolute);
  }

  /**
   * Loads configuration text, for a host that keeps it elsewhere than in a file. Problems are
   * located under the name {@code <text>}.
   *
   * @param text the configuration; never null
   * @param format its format; never null
   * @param baseDir the folder script files and {@code ${file:...}} secrets are relative to
   * @return what it holds; its {@link ConfigurationFile#source()} is {@code baseDir}
   * @throws ConfigurationException listing every problem
   */
  public ConfigurationFile load(String text, ConfigurationFormat format, Path baseDir) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(format, "format");
    Path dir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
    if (text.length() > maxFileSize) {
      throw tooLarge("<text>", text.length() + " characters");
    }
    return load("<text>", text, format, dir, dir);
  }

  private ConfigurationException tooLarge(String label, String size) {
    return new ConfigurationException(label, "is " + size + ", over the limit of " + maxFileSize
        + " bytes for a configuration file; nothing was read. Split it, or raise the limit with"
        + " ConfigurationLoader.Builder.maxFileSize");
  }

  private ConfigurationFile load(String label, String text, ConfigurationFormat format, Path dir, Path source) {
    Map<String, SecretResolver> r = new LinkedHashMap<>();
    r.put("env", new EnvSecretResolver(environment));
    r.put("file", new FileSecretResolver(dir));
    r.putAll(resolvers);
    Parsed p = new ConfigurationParser(r, maxFileSize, runnerProviders, registeredRunners).parse(label, text, format == ConfigurationFormat.YAML, dir);
    p.warnings().forEach(w -> log.warn("Configuration warning: {}", w));
    return new ConfigurationFile(p.configuration(), p.defaultRunner(), p.runnerSettings(), source,
        p.secrets(), p.templates(), p.scriptsFromFiles(), p.warnings(), p.journal());
  }

  private static String label(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  /** Builds a {@link ConfigurationLoader}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, SecretResolver> resolvers = new LinkedHashMap<>();
    private Function<String, String> environment = System::getenv;
    private boolean discover = true;
    private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
    private boolean discoverRunners = true;
    private final java.util.List<ScriptRunnerProvider> runnerProviders = new java.util.ArrayList<>();
    private final java.util.Set<String> registeredRunners = new java.util.TreeSet<>();
    private ClassLoader classLoader = ProviderDiscovery.defaultClassLoader();

    private Builder() {}

    /**
     * Adds a resolver; it takes precedence over a discovered or built-in one of the same scheme.
     *
     * @throws IllegalArgumentException when a resolver of its scheme was registered already
     */
    public Builder secretResolver(SecretResolver resolver) {
      Objects.requireNonNull(resolver, "resolver");
      if (resolvers.putIfAbsent(resolver.scheme(), resolver) != null) {
        throw new IllegalArgumentException("A SecretResolver for scheme \"" + resolver.scheme()
            + "\" is registered already");
      }
      return this;
    }

    /**
     * Sets where {@code ${env:NAME}} looks (default: the process's environment).
     *
     * @param environment returns a variable's value, or null when it is not set
     */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Sets the environment to a fixed map. */
    public Builder environment(Map<String, String> environment) {
      Map<String, String> copy = Map.copyOf(environment);
      return environment((Function<String, String>) copy::get);
    }

    /**
     * Sets the largest configuration accepted, in bytes (characters for text): a larger one is
     * refused before it is parsed (default {@link #DEFAULT_MAX_FILE_SIZE}, 16 MiB).
     *
     * @throws IllegalArgumentException when not between 1 KiB and 1 GiB
     */
    public Builder maxFileSize(long bytes) {
      if (bytes < 1024 || bytes > 1024L * 1024 * 1024) {
        throw new IllegalArgumentException("maxFileSize must be between 1024 and 1073741824 bytes, was " + bytes);
      }
      this.maxFileSize = bytes;
      return this;
    }

    /** Turns discovery of {@link SecretResolver}s with {@link java.util.ServiceLoader} on or off (default on). */
    public Builder discoverSecretResolvers(boolean discover) {
      this.discover = discover;
      return this;
    }

    /**
     * Turns discovery of {@link ScriptRunnerProvider}s with {@link java.util.ServiceLoader} on or
     * off (default on). When runners are known (found or {@linkplain #runnerProvider registered}),
     * a load checks the runner ids scripts and {@code runners.default} name, the ids of the
     * {@code runners} entries and each runner's settings ({@link ScriptRunnerProvider#validate});
     * when none is known, the engine checks them when it is built.
     */
    public Builder discoverRunners(boolean discover) {
      this.discoverRunners = discover;
      return this;
    }

    /**
     * Registers a runner provider whose id and settings a load accepts, for a host that
     * registers it on the engine builder rather than with {@link java.util.ServiceLoader}.
     */
    public Builder runnerProvider(ScriptRunnerProvider provider) {
      runnerProviders.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /**
     * Declares the ids of runners the host registers on the engine itself
     * ({@code CorePlaybookEngine.Builder.runner}), which no provider creates: scripts and
     * {@code runners.default} may name them, and their settings are not checked at load. Naming
     * any makes runner ids checked at load even when no provider is found.
     */
    public Builder runnerIds(java.util.Collection<String> ids) {
      for (String id : Objects.requireNonNull(ids, "ids")) {
        if (id == null || id.isBlank()) {
          throw new IllegalArgumentException("a runner id must not be blank, was " + (id == null ? "null" : "\"" + id + "\""));
        }
        registeredRunners.add(id);
      }
      return this;
    }

    /**
     * Sets the class loader discovery uses (default: see {@link ProviderDiscovery}: the context
     * class loader of the thread creating this builder, else core's).
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Builds the loader, discovering resolvers now.
     *
     * @throws io.edrplaybook.api.PlaybookException when a discovered resolver cannot be loaded or
     *     two claim one scheme
     */
    public ConfigurationLoader build() {
      return new ConfigurationLoader(this);
    }
  }
}
