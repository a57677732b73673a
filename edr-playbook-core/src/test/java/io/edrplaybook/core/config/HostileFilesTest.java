package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 12: a file too large, of several documents, or built to exhaust the parser fails at once and clearly. */
class HostileFilesTest {

  private static ConfigurationException yaml(String text) {
    return assertThrows(ConfigurationException.class,
        () -> Fixtures.loader().load(text, ConfigurationFormat.YAML, Fixtures.dir()));
  }

  @Test
  void aFileOverTheDefaultLimitIsRefusedBeforeItIsParsed(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.yaml");
    byte[] line = "- {a: [1, 2, 3], b: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n".getBytes(StandardCharsets.UTF_8);
    long size = ConfigurationLoader.DEFAULT_MAX_FILE_SIZE + line.length;
    try (var out = Files.newOutputStream(big)) {
      out.write("organizations:\n".getBytes(StandardCharsets.UTF_8));
      for (long written = 15; written < size; written += line.length) {
        out.write(line);
      }
    }
    long actual = Files.size(big);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Fixtures.loader().load(big));
    assertEquals("Invalid configuration: big.yaml: is " + actual + " bytes, over the limit of 16777216 bytes for a"
        + " configuration file; nothing was read. Split it, or raise the limit with"
        + " ConfigurationLoader.Builder.maxFileSize", e.getMessage());
  }

  @Test
  void theLimitCanBeSetOnTheBuilderAndAppliesToTextToo() {
    String text = "{\"organizations\": [" + "{\"name\": \"acme\"},".repeat(200) + "{\"name\": \"x\"}]}";
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.builder()
        .maxFileSize(2048).build().load(text, ConfigurationFormat.JSON, Fixtures.dir()));
    assertTrue(e.getMessage().contains("<text>: is " + text.length() + " characters, over the limit of 2048 bytes"),
        e.getMessage());
  }

  @Test
  void aYamlFileWithSeveralDocumentsIsRefused() {
    ConfigurationException e = yaml("organizations:\n- name: acme\n---\norganizations:\n- name: globex\n");
    assertEquals("<text>: contains 2 YAML documents; only one is allowed (remove the \"---\" separators, or split"
        + " them into several files)", e.problems().get(0).toString());
  }

  @Test
  void aYamlFileStartingWithADocumentMarkerIsOneDocument() {
    var f = Fixtures.loader().load("---\norganizations:\n- name: acme\n...\n", ConfigurationFormat.YAML, Fixtures.dir());
    assertEquals("acme", f.configuration().organizations().get(0).name());
  }

  @Test
  void nestingDeeperThanAHundredLevelsIsRefused() {
    String deep = "{\"organizations\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Fixtures.loader().load(deep, ConfigurationFormat.JSON, Fixtures.dir()));
    assertTrue(e.getMessage().startsWith("Invalid configuration: <text>: malformed JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("100"), e.getMessage());
  }
}
