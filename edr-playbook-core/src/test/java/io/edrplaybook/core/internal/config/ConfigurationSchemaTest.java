package io.edrplaybook.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema of the configuration format that the core jar publishes
 * ({@value #RESOURCE}): the repository's configurations validate against it, its keys are the
 * loader's keys, and it refuses what the loader refuses for each rule a schema can state.
 */
class ConfigurationSchemaTest {
  static final String RESOURCE = "io/edrplaybook/core/configuration.schema.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();
  /** Test fixtures that are wrong on purpose: the schema must refuse them too. */
  private static final Set<String> BROKEN_ON_PURPOSE = Set.of(
      "edr-playbook-core/src/test/resources/config/ten-mistakes.json",
      "edr-playbook-core/src/test/resources/config/mistakes-with-secrets.json",
      "samples/src/test/resources/cli/mistakes/config.json");

  private static JsonNode schema() {
    try (InputStream in = ConfigurationLoader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE + " is not on the class path of the core module");
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final SchemaChecker CHECKER = new SchemaChecker(schema());

  @Test
  void theLoaderPublishesTheSchemaOfItsJar() throws IOException {
    org.junit.jupiter.api.Assertions.assertEquals(schema(), JSON.readTree(ConfigurationLoader.jsonSchema()));
  }

  @Test
  void everyConfigurationInTheRepositoryValidatesUnlessBrokenOnPurpose() throws IOException {
    Path repo = Path.of("").toAbsolutePath().getParent();
    List<Path> files = configurationFiles(repo);
    assertTrue(files.stream().anyMatch(p -> p.endsWith(Path.of("samples/config/edr-playbook.json"))),
        "the walk of " + repo + " did not find samples/config/edr-playbook.json: " + files);
    assertTrue(files.stream().anyMatch(p -> p.endsWith(Path.of("samples/first-playbook/playbook.json"))), files::toString);
    List<String> wrong = new ArrayList<>();
    for (Path file : files) {
      String name = repo.relativize(file).toString().replace('\\', '/');
      List<String> problems = CHECKER.check(read(file));
      if (BROKEN_ON_PURPOSE.contains(name) == problems.isEmpty()) {
        wrong.add(name + (problems.isEmpty() ? ": broken on purpose, yet the schema accepts it"
            : ": " + String.join("; ", problems)));
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void schemaRefusesTheStructuralMistakesOfTheTenMistakesFile() throws IOException {
    List<String> problems = CHECKER.check(read(Path.of("src/test/resources/config/ten-mistakes.json")));
    for (String expected : List.of("actions[0].descripton: unknown key", "conectors: unknown key",
        "actions[0].timeout: matches none", "connectors[0].port: must be at most 65535",
        "connectors[1].host: matches none", "playbooks[0].rules[0].classifications[1]: must match")) {
      assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), expected + " not in " + problems);
    }
  }

  /**
   * Each list of keys the loader accepts ({@link Keys}: one per kind of object) is exactly the
   * property names of the schema's object of that kind ({@code JUMP_BOX} is {@code $defs/jumpBox},
   * {@code ROOT} the top level): a key added to the loader and not to the schema fails here.
   */
  @Test
  void schemaKeysAreTheLoadersKeys() throws IllegalAccessException {
    JsonNode schema = schema();
    List<String> differences = new ArrayList<>();
    int lists = 0;
    for (Field f : Keys.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != List.class) {
        continue;
      }
      lists++;
      String kind = camel(f.getName());
      JsonNode object = kind.equals("root") ? schema : schema.path("$defs").path(kind);
      if (object.isMissingNode()) {
        differences.add("Keys." + f.getName() + ": the schema has no $defs/" + kind);
        continue;
      }
      Set<String> loader = new TreeSet<>();
      for (Object key : (List<?>) f.get(null)) {
        loader.add((String) key);
      }
      Set<String> inSchema = new TreeSet<>();
      object.path("properties").fieldNames().forEachRemaining(inSchema::add);
      if (!loader.equals(inSchema)) {
        differences.add("Keys." + f.getName() + " " + loader + " but $defs/" + kind + " " + inSchema);
      }
      if (!object.path("additionalProperties").isBoolean() || object.path("additionalProperties").booleanValue()) {
        differences.add("$defs/" + kind + " must refuse unknown keys (additionalProperties: false), as the loader does");
      }
    }
    assertTrue(lists >= 13, "found only " + lists + " key lists in Keys");
    assertEquals(List.of(), differences);
  }

  @Test
  void checkerRefusesASchemaKeywordItDoesNotImplement() {
    ObjectNode s = JSON.createObjectNode().put("type", "object");
    s.putObject("properties").putObject("port").put("exclusiveMaximum", 65536);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SchemaChecker(s));
    assertTrue(e.getMessage().contains("exclusiveMaximum"), e.getMessage());
  }

  /** The loader's verdict and the schema's agree on each case: both accept it, or both refuse it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void schemaAndLoaderAgree(String label, Consumer<ObjectNode> change, boolean valid) {
    ObjectNode config = base();
    change.accept(config);
    List<String> schemaProblems = CHECKER.check(config);
    String loaderVerdict;
    try {
      ConfigurationLoader.builder().environment(Map.of("CHAT_TOKEN", "chat-token-123456", "PORT", "8443",
              "IDEMPOTENT", "true", "HOST", "chat.staging.example"))
          .discoverRunners(false).build()
          .load(config.toString(), ConfigurationFormat.JSON, Path.of("."));
      loaderVerdict = "";
    } catch (ConfigurationException e) {
      loaderVerdict = e.getMessage();
    }
    assertEquals(valid, loaderVerdict.isEmpty(), "loader: " + loaderVerdict);
    assertEquals(valid, schemaProblems.isEmpty(), "schema: " + schemaProblems);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        accepted("the base configuration", c -> { }),
        accepted("a port as a reference", c -> connector(c).put("port", "${env:PORT}")),
        accepted("a host as a reference", c -> connector(c).put("host", "${env:HOST}")),
        accepted("a boolean as a reference", c -> action(c).put("idempotent", "${env:IDEMPOTENT}")),
        accepted("a classification by its label", c -> rule(c).putArray("classifications").add("Likely Safe")),
        accepted("a section in lower case", c -> rule(c).put("section", "remediation")),
        accepted("connectors \"all\"", c -> rule(c).put("connectors", "all")),
        accepted("a directory journal", c -> c.putObject("journal").put("path", "journal")),
        accepted("a runner instance", c -> c.putObject("runners").put("default", "py2")
            .putObject("py2").put("type", "cpython").put("interpreter", "python2.7")),
        refused("a port above 65535", c -> connector(c).put("port", 70000)),
        refused("a port as a text", c -> connector(c).put("port", "443")),
        refused("an unknown connector key", c -> connector(c).put("prot", 443)),
        refused("an unknown top-level key", c -> c.putArray("conectors")),
        refused("an unknown rule key", c -> rule(c).put("classification", "MALICIOUS")),
        refused("a timeout that is not ISO-8601", c -> action(c).put("timeout", "30s")),
        refused("both apiKey and credentials", c -> connector(c).putObject("credentials")
            .put("username", "u").put("password", "p-123456789")),
        refused("neither apiKey nor credentials", c -> connector(c).remove("apiKey")),
        refused("an unknown classification", c -> rule(c).putArray("classifications").add("EVIL")),
        refused("an unknown section", c -> rule(c).put("section", "ALERTS")),
        refused("an empty list of connectors", c -> rule(c).putArray("connectors")),
        refused("a retry without maxAttempts", c -> action(c).putObject("retry").put("initialBackoff", "PT1S")),
        refused("maxAttempts above 100", c -> action(c).putObject("retry").put("maxAttempts", 101)),
        refused("a rate above 10000", c -> connector(c).putObject("limits").put("ratePerSecond", 20000)),
        refused("a script with neither file nor source", c -> ((ObjectNode) action(c).get("scripts").get(0))
            .remove("source")),
        refused("an action without scripts", c -> action(c).putArray("scripts")),
        refused("a directory journal with a user", c -> c.putObject("journal").put("path", "j").put("user", "u")),
        refused("a journal url that is not PostgreSQL", c -> c.putObject("journal").put("url", "jdbc:mysql://db/edr")),
        refused("a default runner that is a number", c -> c.putObject("runners").put("default", 42)),
        refused("a JumpBox core that is not a boolean", c -> ((ObjectNode) c.get("jumpBoxes").get(0)).put("core", "yes")),
        refused("a blank collector group", c -> playbook(c).putArray("collectorGroups").add(" ")),
        refused("a missing organization name", c -> ((ObjectNode) c.get("organizations").get(0)).remove("name")));
  }

  private static Arguments accepted(String label, Consumer<ObjectNode> change) {
    return Arguments.of("accepted: " + label, change, true);
  }

  private static Arguments refused(String label, Consumer<ObjectNode> change) {
    return Arguments.of("refused: " + label, change, false);
  }

  private static ObjectNode base() {
    try {
      return (ObjectNode) JSON.readTree("""
          {"organizations": [{"name": "acme"}],
           "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
           "actions": [{"organization": "acme", "name": "Notify", "timeout": "PT30S",
                        "scripts": [{"name": "s", "source": "def run(ctx):\\n    pass\\n"}]}],
           "connectors": [{"organization": "acme", "name": "Chat", "jumpBox": "jb-1", "host": "chat.example",
                           "port": 443, "apiKey": "${env:CHAT_TOKEN}", "actions": [{"action": "Notify"}]}],
           "playbooks": [{"organization": "acme", "name": "Default", "default": true,
                          "rules": [{"section": "NOTIFICATIONS", "action": "Notify",
                                     "classifications": ["MALICIOUS"], "connectors": "ALL"}]}]}
          """);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode connector(ObjectNode c) {
    return (ObjectNode) c.get("connectors").get(0);
  }

  private static ObjectNode action(ObjectNode c) {
    return (ObjectNode) c.get("actions").get(0);
  }

  private static ObjectNode playbook(ObjectNode c) {
    return (ObjectNode) c.get("playbooks").get(0);
  }

  private static ObjectNode rule(ObjectNode c) {
    return (ObjectNode) ((ArrayNode) playbook(c).get("rules")).get(0);
  }

  /** {@code JUMP_BOX} to {@code jumpBox}. */
  private static String camel(String constant) {
    StringBuilder out = new StringBuilder();
    boolean up = false;
    for (char ch : constant.toLowerCase(Locale.ROOT).toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        out.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return out.toString();
  }

  /** JSON and YAML files of the repository whose top level is an object with a configuration key. */
  private static List<Path> configurationFiles(Path repo) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(repo)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(json|ya?ml)$"))
          .filter(p -> !repo.relativize(p).toString().matches("(.*[/\\\\])?(target|\\.git|node_modules)([/\\\\].*)?"))
          .sorted()::iterator) {
        JsonNode tree;
        try {
          tree = read(p);
        } catch (IOException e) {
          continue; // not JSON or YAML of one document: not a configuration
        }
        if (tree != null && tree.isObject()) {
          Set<String> keys = new TreeSet<>();
          tree.fieldNames().forEachRemaining(keys::add);
          keys.retainAll(Keys.ROOT);
          if (!keys.isEmpty()) {
            out.add(p);
          }
        }
      }
    }
    if (out.isEmpty()) {
      fail("no configuration file found under " + repo);
    }
    return out;
  }

  private static JsonNode read(Path p) throws IOException {
    String text = Files.readString(p);
    return p.toString().endsWith(".json") ? JSON.readTree(text) : YAML.readTree(text);
  }
}
