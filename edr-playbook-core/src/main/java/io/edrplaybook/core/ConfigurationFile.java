package io.edrplaybook.core;

import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.spi.RunnerSettings;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A configuration read from a file by {@link ConfigurationLoader}: the {@link Configuration}, the
 * runner settings of its {@code runners} object, and what {@link ConfigurationWriter} needs to
 * write it back the way it was written (secret references, script files). Immutable and
 * thread-safe; {@code toString()} shows no secret.
 */
public final class ConfigurationFile {
  private final Configuration configuration;
  private final Optional<String> defaultRunner;
  private final Map<String, RunnerSettings> runnerSettings;
  private final Path source;
  private final Set<String> resolvedSecrets;
  private final Set<String> secrets;
  private final Map<String, String> templates;
  private final Set<ActionScript> scriptsFromFiles;
  private final List<ConfigurationProblem> warnings;
  private final Optional<JournalSettings> journal;

  ConfigurationFile(Configuration configuration, Optional<String> defaultRunner,
      Map<String, RunnerSettings> runnerSettings, Path source, Set<String> resolvedSecrets,
      Map<String, String> templates, Set<ActionScript> scriptsFromFiles, List<ConfigurationProblem> warnings,
      Optional<JournalSettings> journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.defaultRunner = Objects.requireNonNull(defaultRunner, "defaultRunner");
    this.runnerSettings = Map.copyOf(runnerSettings);
    this.source = Objects.requireNonNull(source, "source");
    this.resolvedSecrets = Set.copyOf(resolvedSecrets);
    Set<String> all = new LinkedHashSet<>(resolvedSecrets);
    all.addAll(configuration.secrets());
    this.secrets = Collections.unmodifiableSet(all);
    this.templates = Map.copyOf(templates);
    this.scriptsFromFiles = Set.copyOf(scriptsFromFiles);
    this.warnings = List.copyOf(warnings);
  }

  /** Returns the configuration. */
  public Configuration configuration() {
    return configuration;
  }

  /** Returns {@code runners.default}: the id of the runner of scripts that name none. */
  public Optional<String> defaultRunner() {
    return defaultRunner;
  }

  /** Returns the {@code journal} section: where the host keeps its journal; empty when there is none. */
  public Optional<JournalSettings> journal() {
    return journal;
  }

  /** Returns the settings of each {@code runners.<id>} object, by runner id. */
  public Map<String, RunnerSettings> runnerSettings() {
    return runnerSettings;
  }

  /**
   * Returns the file read; for text loaded with
   * {@link ConfigurationLoader#load(String, ConfigurationFormat, Path)}, the base folder.
   */
  public Path source() {
    return source;
  }

  /**
   * Returns every secret value: each resolved secret reference (wherever it was written, binding
   * parameters included) and each API key and password. For masking output by value.
   */
  public Set<String> secrets() {
    return secrets;
  }

  /**
   * Returns what the file holds that is accepted but likely wrong, in the form of a
   * {@link io.edrplaybook.api.ConfigurationException}'s problems (path prefixed with the file's
   * name, message), never quoting a secret: a secret shorter than 8 characters (masking it also
   * rewrites ordinary words), a secret equal to a configured name (ids and names are never
   * masked). The loader also logs each at WARN. Empty when there is nothing to say.
   */
  public List<ConfigurationProblem> warnings() {
    return warnings;
  }

  /**
   * Returns a copy holding {@code configuration} instead, keeping the runners, the source and
   * what is known of how values were written, for a host that edits a loaded configuration and
   * writes it back.
   */
  public ConfigurationFile withConfiguration(Configuration configuration) {
    return new ConfigurationFile(configuration, defaultRunner, runnerSettings, source, resolvedSecrets,
        templates, scriptsFromFiles, warnings, journal);
  }

  /** Each value that held a secret reference → the text it was written as. */
  Map<String, String> templates() {
    return templates;
  }

  /** The scripts that were read from a {@code file}, as read. */
  Set<ActionScript> scriptsFromFiles() {
    return scriptsFromFiles;
  }

  /** Source and counts; never a secret. */
  @Override
  public String toString() {
    return "ConfigurationFile[" + source + ", " + configuration + ", default runner "
        + defaultRunner.orElse("(engine's)") + ", runner settings " + runnerSettings.keySet()
        + journal.map(j -> ", " + j).orElse("") + "]";
  }
}
