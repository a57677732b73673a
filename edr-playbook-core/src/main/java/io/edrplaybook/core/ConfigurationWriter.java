package io.edrplaybook.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.core.internal.config.TreeWriter;
import io.edrplaybook.spi.RunnerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Writes a configuration in the shape {@link ConfigurationLoader} reads, as JSON
 * or YAML.
 *
 * <p>Secrets are never written in clear: an API key, password or parameter that was read from a
 * secret reference is written as that reference ({@code ${env:SLACK_TOKEN}}); any other API key
 * or password, and any parameter holding a secret, is written as {@code ****}. A script read
 * from a file is written as that {@code file}; any other as inline {@code source}. So loading
 * what was written gives the configuration that was loaded, except for masked secrets.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigurationWriter {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .build();

  private final ConfigurationFormat format;

  private ConfigurationWriter(ConfigurationFormat format) {
    this.format = Objects.requireNonNull(format, "format");
  }

  /** Returns a writer of {@code format}. */
  public static ConfigurationWriter of(ConfigurationFormat format) {
    return new ConfigurationWriter(format);
  }

  /** Returns the format this writes. */
  public ConfigurationFormat format() {
    return format;
  }

  /**
   * Returns the text of a loaded (possibly edited) configuration: secrets as their references,
   * scripts as their files, relative to the folder of {@link ConfigurationFile#source()}.
   */
  public String write(ConfigurationFile file) {
    Objects.requireNonNull(file, "file");
    return render(file, relativeTo(file, folderOf(file)));
  }

  /**
   * Writes a loaded configuration to {@code target}, in this writer's format. Script file paths
   * are rewritten relative to {@code target}'s folder.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public void write(ConfigurationFile file, Path target) {
    Objects.requireNonNull(file, "file");
    Path out = Objects.requireNonNull(target, "target").toAbsolutePath().normalize();
    String text = render(file, relativeTo(file, out.getParent()));
    try {
      Files.writeString(out, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the configuration to " + out, e);
    }
  }

  /**
   * Returns the text of a configuration built in code: every API key and password masked,
   * every script inline.
   */
  public String write(Configuration configuration) {
    return write(configuration, Optional.empty(), Map.of());
  }

  /**
   * Returns the text of a configuration built in code, with a {@code runners} object: every API
   * key and password masked, every script inline.
   *
   * @param defaultRunner {@code runners.default}, if any
   * @param runnerSettings {@code runners.<id>}, by id
   */
  public String write(Configuration configuration, Optional<String> defaultRunner,
      Map<String, RunnerSettings> runnerSettings) {
    Objects.requireNonNull(configuration, "configuration");
    return render(new TreeWriter(Map.of(), configuration.secrets(), Set.of(), UnaryOperator.identity())
        .write(configuration, defaultRunner, runnerSettings));
  }

  private static Path folderOf(ConfigurationFile file) {
    Path source = file.source().toAbsolutePath().normalize();
    return Files.isDirectory(source) ? source : source.getParent();
  }

  /** Maps a script's path (absolute once loaded) to one relative to {@code to}, where it can be. */
  private static UnaryOperator<String> relativeTo(ConfigurationFile file, Path to) {
    Path from = folderOf(file);
    return p -> {
      Path script = from.resolve(p).normalize();
      return (to.getRoot() != null && to.getRoot().equals(script.getRoot()) ? to.relativize(script) : script)
          .toString().replace('\\', '/');
    };
  }

  /** Renders a loaded configuration, each script file's path mapped by {@code scriptPath}. */
  private String render(ConfigurationFile file, UnaryOperator<String> scriptPath) {
    return render(new TreeWriter(file.templates(), file.secrets(), file.scriptsFromFiles(), scriptPath)
        .write(file.configuration(), file.defaultRunner(), file.runnerSettings(), file.journal()));
  }

  private String render(Object tree) {
    try {
      String text = (format == ConfigurationFormat.YAML ? YAML : JSON).writeValueAsString(tree);
      return text.endsWith("\n") ? text : text + "\n";
    } catch (JsonProcessingException e) {
      throw new PlaybookException("Could not write the configuration as " + format + ": "
          + e.getOriginalMessage(), e);
    }
  }
}
