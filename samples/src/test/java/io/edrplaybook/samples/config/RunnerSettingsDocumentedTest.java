package io.edrplaybook.samples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edrplaybook.spi.ScriptRunnerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The settings each runner accepts ({@link ScriptRunnerProvider#settingKeys()}) are the ones the
 * configuration's JSON Schema (in the core jar) and docs/configuration.md list for it.
 */
class RunnerSettingsDocumentedTest {
  private static final String SCHEMA = "io/edrplaybook/core/configuration.schema.json";
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\|");

  private static Set<String> settingKeys(String runner) {
    for (ScriptRunnerProvider p : ServiceLoader.load(ScriptRunnerProvider.class)) {
      if (p.id().equals(runner)) {
        return new TreeSet<>(p.settingKeys());
      }
    }
    throw new AssertionError("no runner " + runner + " on the test class path");
  }

  private static Set<String> schemaKeys(String runner) throws IOException {
    try (InputStream in = ScriptRunnerProvider.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      assertNotNull(in, SCHEMA + " is not on the class path");
      JsonNode settings = new ObjectMapper().readTree(in).path("$defs").path(runner + "Settings").path("properties");
      Set<String> keys = new TreeSet<>();
      settings.fieldNames().forEachRemaining(keys::add);
      keys.remove("type"); // the reserved key of every runner entry
      return keys;
    }
  }

  private static Set<String> documentedKeys(String runner) throws IOException {
    Set<String> keys = new TreeSet<>();
    boolean in = false;
    for (String line : Files.readAllLines(Path.of("../docs/configuration.md"))) {
      if (line.startsWith("#")) {
        in = line.equals("#### " + runner + " settings");
      } else if (in) {
        Matcher m = ROW.matcher(line);
        if (m.find()) {
          keys.add(m.group(1));
        }
      }
    }
    return keys;
  }

  @Test
  void schemaAndDocsListEverySettingOfBothRunners() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (String runner : List.of("jython", "cpython")) {
      Set<String> keys = settingKeys(runner);
      if (!keys.equals(schemaKeys(runner))) {
        wrong.add(runner + " takes " + keys + ", the schema's $defs/" + runner + "Settings lists " + schemaKeys(runner));
      }
      if (!keys.equals(documentedKeys(runner))) {
        wrong.add(runner + " takes " + keys + ", docs/configuration.md lists " + documentedKeys(runner));
      }
    }
    assertEquals(List.of(), wrong);
  }
}
