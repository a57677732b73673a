package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.JournalSettings;
import io.edrplaybook.core.internal.engine.RunnerChecks;
import io.edrplaybook.core.internal.engine.SecretMasker;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunnerProvider;
import io.edrplaybook.spi.SecretResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a configuration file's text into a {@link Configuration}: the tree is walked by hand so
 * that each problem has its exact path; then the elements that could be read are validated
 * together, and every problem of both steps is thrown at once, each path prefixed with the file's
 * name ({@code sample.json: connectors[2].port}).
 */
public final class ConfigurationParser {
  /** Nesting deeper than this is refused: a configuration needs a handful of levels. */
  static final int MAX_NESTING = 100;
  /** YAML aliases (references to anchors) per document: enough for sharing, not for an alias bomb. */
  static final int MAX_YAML_ALIASES = 50;

  private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_NESTING).build();
  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(CONSTRAINTS).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final Map<String, SecretResolver> resolvers;
  private final Map<String, ScriptRunnerProvider> runnerProviders;
  private final Set<String> registeredRunners;
  private final ObjectMapper yaml;

  /** Creates a parser that checks no runner id nor setting (no runner is known). */
  public ConfigurationParser(Map<String, SecretResolver> resolvers, long maxChars) {
    this(resolvers, maxChars, Map.of());
  }

  /**
   * Creates a parser resolving secrets with {@code resolvers}, by scheme.
   *
   * @param maxChars the longest text accepted; YAML parsing stops at it too
   * @param runnerProviders the runners known at load, by id: runner ids and settings are checked
   *     against them; none, not checked
   */
  public ConfigurationParser(Map<String, SecretResolver> resolvers, long maxChars,
      Map<String, ScriptRunnerProvider> runnerProviders) {
    this(resolvers, maxChars, runnerProviders, Set.of());
  }

  /**
   * Creates a parser resolving secrets with {@code resolvers}, by scheme.
   *
   * @param maxChars the longest text accepted; YAML parsing stops at it too
   * @param runnerProviders the runners known at load, by id: runner ids and settings are checked
   *     against them; none (and no registered runner), not checked
   * @param registeredRunners the ids of runners the host registers on the engine itself: scripts
   *     may name them, their settings are not checked
   */
  public ConfigurationParser(Map<String, SecretResolver> resolvers, long maxChars,
      Map<String, ScriptRunnerProvider> runnerProviders, Set<String> registeredRunners) {
    this.resolvers = Map.copyOf(resolvers);
    this.runnerProviders = Map.copyOf(runnerProviders);
    this.registeredRunners = Set.copyOf(registeredRunners);
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxChars + 1));
    options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowRecursiveKeys(false);
    this.yaml = YAMLMapper.builder(YAMLFactory.builder().loaderOptions(options)
            .streamReadConstraints(CONSTRAINTS).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /**
   * Parses {@code text}.
   *
   * @param label the file's name, put in front of every problem's path
   * @param yaml whether the text is YAML (else JSON)
   * @param baseDir the folder script files and secret files are relative to
   * @throws ConfigurationException listing every problem
   */
  public Parsed parse(String label, String text, boolean yaml, Path baseDir) {
    JsonNode root = readTree(label, text, yaml);
    ParseContext ctx = new ParseContext(new SecretText(resolvers), baseDir);
    Configuration.Builder b = Configuration.builder();
    Optional<String> defaultRunner = Optional.empty();
    Map<String, RunnerSettings> runners = new LinkedHashMap<>();
    Optional<JournalSettings> journal = Optional.empty();
    Fields f = Fields.of(ctx, root, "", Keys.ROOT);
    if (f != null) {
      // the runners first, so that the runner each script names is checked where it is read
      defaultRunner = runners(ctx, f, runners);
      if (!runnerProviders.isEmpty() || !registeredRunners.isEmpty()) {
        RunnerChecks.settings(runnerProviders, registeredRunners, runners).forEach(p -> ctx.add(p.path(),
            withReference(ctx, p)));
        Set<String> ids = RunnerChecks.ids(runnerProviders, registeredRunners, runners);
        ctx.runnerIds(ids);
        defaultRunner.filter(d -> !ids.contains(d)).ifPresent(d -> ctx.add("runners.default",
            "no runner \"" + d + "\", the runner of every script that names none; " + RunnerChecks.hint(d, ids)));
      }
      each(f, "organizations", (n, p) -> BasicParsers.organization(ctx, n, p, b));
      each(f, "jumpBoxes", (n, p) -> BasicParsers.jumpBox(ctx, n, p, b));
      each(f, "actions", (n, p) -> ActionParser.action(ctx, n, p, b));
      each(f, "connectors", (n, p) -> ConnectorParser.connector(ctx, n, p, b));
      each(f, "playbooks", (n, p) -> PlaybookParser.playbook(ctx, n, p, b));
      if (f.has("journal")) {
        journal = JournalParser.journal(ctx, f.get("journal"));
      }
    }
    Configuration configuration = null;
    try {
      configuration = b.build();
    } catch (ConfigurationException e) {
      ctx.absorb("", e);
    }
    if (!ctx.problems().isEmpty()) {
      throw new ConfigurationException(located(label, masked(ctx, ctx.problems())));
    }
    Set<String> secrets = new java.util.LinkedHashSet<>(ctx.secrets().secrets());
    secrets.addAll(configuration.secrets());
    List<ConfigurationProblem> warnings = located(label, SecretWarnings.of(configuration, secrets, ctx.secretPaths()));
    return new Parsed(configuration, defaultRunner, Map.copyOf(runners), Set.copyOf(ctx.secrets().secrets()),
        Map.copyOf(ctx.secrets().templates()), Set.copyOf(ctx.scriptsFromFiles()), List.copyOf(warnings), journal);
  }

  private JsonNode readTree(String label, String text, boolean yaml) {
    try {
      JsonNode root = yaml ? firstOfOneDocument(label, text) : JSON.readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw new ConfigurationException(label, "is empty; expected an object with "
            + String.join(", ", Keys.ROOT));
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? ""
          : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
          : e.getOriginalMessage().lines().findFirst().orElse("").trim();
      throw new ConfigurationException(label, "malformed " + (yaml ? "YAML" : "JSON") + where + ": " + why);
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").trim();
      throw new ConfigurationException(label, "malformed YAML: " + why);
    } catch (java.io.IOException e) {
      throw new ConfigurationException(label, "could not be read: " + e.getClass().getSimpleName());
    }
  }

  /** Reads the YAML document, refusing a stream of several (the others would be ignored silently). */
  private JsonNode firstOfOneDocument(String label, String text) throws java.io.IOException {
    try (JsonParser p = yaml.createParser(text)) {
      JsonNode root = yaml.readTree(p);
      int documents = root == null ? 0 : 1;
      while (p.nextToken() != null) {
        p.skipChildren();
        documents++;
      }
      if (documents > 1) {
        throw new ConfigurationException(label, "contains " + documents + " YAML documents; only one is"
            + " allowed (remove the \"---\" separators, or split them into several files)");
      }
      return root;
    }
  }

  private interface Element {
    void read(JsonNode node, String path);
  }

  private static void each(Fields f, String key, Element element) {
    ArrayNode list = f.list(key, false);
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        element.read(list.get(i), key + "[" + i + "]");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Optional<String> runners(ParseContext ctx, Fields root, Map<String, RunnerSettings> out) {
    JsonNode node = root.get("runners");
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      ctx.add("runners", "must be an object: {\"default\": \"<runner id>\", \"<runner id>\": {settings}},"
          + " was " + Values.show(node));
      return Optional.empty();
    }
    Optional<String> defaultRunner = Optional.empty();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = "runners." + e.getKey();
      JsonNode v = e.getValue();
      if (e.getKey().equals("default")) {
        if (v.isTextual() && SecretText.hasReference(v.textValue())) {
          defaultRunner = ctx.secrets().resolve(ctx, path, v.textValue(), false);
        } else if (v.isTextual() && !v.textValue().isBlank()) {
          defaultRunner = Optional.of(v.textValue());
        } else {
          ctx.add(path, "must be a runner id such as \"jython\" or \"cpython\", was " + Values.show(v));
        }
      } else if (v.isObject()) {
        Map<String, Object> values = new LinkedHashMap<>((Map<String, Object>) JsonTrees.toJava(v, ctx, path, false));
        values.values().removeIf(x -> x == null);
        out.put(e.getKey(), new RunnerSettings(e.getKey(), values));
      } else {
        ctx.add(path, "must be an object of the runner's settings, was " + Values.show(v));
      }
    }
    return defaultRunner;
  }

  /**
   * The message of a problem a runner found in its settings, naming the reference the value came
   * from when it was written as one ({@code (from ${env:WORKERS})}).
   */
  private static String withReference(ParseContext ctx, ConfigurationProblem p) {
    String reference = ctx.referenceAt(p.path());
    return reference == null || p.message().contains(reference) ? p.message()
        : p.message() + " (from " + reference + ")";
  }

  /**
   * Masks every secret of the file (literal or resolved) in the problems' messages: a secret
   * resolved into a field that is not one ({@code port: ${env:API_KEY}}) is quoted nowhere.
   */
  private static List<ConfigurationProblem> masked(ParseContext ctx, List<ConfigurationProblem> problems) {
    Set<String> secrets = new java.util.LinkedHashSet<>(ctx.secrets().secrets());
    secrets.addAll(ctx.secretPaths().keySet());
    secrets.removeIf(s -> s.equals(Placeholders.SECRET));
    if (secrets.isEmpty()) {
      return problems;
    }
    SecretMasker masker = SecretMasker.of(secrets);
    return problems.stream().map(p -> new ConfigurationProblem(p.path(), masker.mask(p.message()), p.script())).toList();
  }

  /** Puts the file's name in front of every path. */
  private static List<ConfigurationProblem> located(String label, List<ConfigurationProblem> problems) {
    List<ConfigurationProblem> out = new ArrayList<>();
    for (ConfigurationProblem p : problems) {
      out.add(new ConfigurationProblem(p.path().isEmpty() ? label : label + ": " + p.path(), p.message(), p.script()));
    }
    return out;
  }
}
