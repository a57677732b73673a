package io.edrplaybook.core.config;

import static io.edrplaybook.core.config.ConfigurationLoaderTest.assertSameContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Action;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigurationWriterTest {
  private final ConfigurationFile loaded = Fixtures.loader().load(Fixtures.dir().resolve("sample.json"));

  @ParameterizedTest
  @EnumSource(ConfigurationFormat.class)
  void exportNeverWritesASecretInClear(ConfigurationFormat format) {
    String text = ConfigurationWriter.of(format).write(loaded);
    for (String secret : loaded.secrets()) {
      assertFalse(text.contains(secret), "a secret in clear in:\n" + text);
    }
  }

  @ParameterizedTest
  @EnumSource(ConfigurationFormat.class)
  void secretsAreWrittenAsTheReferencesTheyWereReadFrom(ConfigurationFormat format) {
    String text = ConfigurationWriter.of(format).write(loaded);
    assertTrue(text.contains("${env:SLACK_TOKEN}"), text);
    assertTrue(text.contains("${env:TEAMS_TOKEN}"), text);
    assertTrue(text.contains("${file:secrets/fw_password}"), text);
    assertTrue(text.contains("Bearer ${env:SLACK_TOKEN}"), text);
  }

  @Test
  void aSecretWithoutAKnownReferenceIsMasked() {
    Connector edited = Connector.builder().organization("acme").name("SOC Slack").jumpBox("jb-1")
        .host("hooks.slack.example").port(443).apiKey("typed-in-SECRET").bind("IM Notification", "slack").build();
    Configuration.Builder b = Configuration.builder();
    Configuration c = loaded.configuration();
    c.organizations().forEach(b::organization);
    c.jumpBoxes().forEach(b::jumpBox);
    c.actions().forEach(b::action);
    c.connectors().stream().map(k -> k.name().equals("SOC Slack") ? edited : k).forEach(b::connector);
    c.playbooks().forEach(b::playbook);
    String text = ConfigurationWriter.of(ConfigurationFormat.JSON).write(loaded.withConfiguration(b.build()));
    assertFalse(text.contains("typed-in-SECRET"), text);
    assertTrue(text.contains("\"apiKey\" : \"****\""), text);
  }

  @Test
  void aConfigurationBuiltInCodeIsWrittenWithItsSecretsMaskedAndItsScriptsInline() {
    Configuration c = Configuration.builder().organization("acme").jumpBox(JumpBox.of("acme", "jb-1"))
        .action(Action.builder().organization("acme").name("Notify").script("s", "s.py", "def run(ctx):\n    pass\n").build())
        .connector(Connector.builder().organization("acme").name("c").jumpBox("jb-1").host("h.example").port(1)
            .credentials("api", "pw-SECRET").bind("Notify").build())
        .build();
    String text = ConfigurationWriter.of(ConfigurationFormat.YAML).write(c);
    assertFalse(text.contains("pw-SECRET"), text);
    assertTrue(text.contains("password: '****'") || text.contains("password: \"****\""), text);
    assertTrue(text.contains("source: |"), text);
  }

  @Test
  void scriptsReadFromFilesAreWrittenAsFilesAndInlineOnesAsSource() {
    String text = ConfigurationWriter.of(ConfigurationFormat.JSON).write(loaded);
    assertTrue(text.contains("\"file\" : \"scripts/slack_notify.py\""), text);
    assertFalse(text.contains("posted to Teams"), text);
    assertTrue(text.contains("ticket opened"), text);
  }

  @ParameterizedTest
  @EnumSource(ConfigurationFormat.class)
  void loadExportLoadGivesAnEqualConfiguration(ConfigurationFormat format) {
    String text = ConfigurationWriter.of(format).write(loaded);
    ConfigurationFile again = Fixtures.loader().load(text, format, Fixtures.dir());
    assertSameContent(loaded.configuration(), again.configuration());
    assertEquals(loaded.defaultRunner(), again.defaultRunner());
    assertEquals(loaded.runnerSettings(), again.runnerSettings());
    assertEquals(text, ConfigurationWriter.of(format).write(again));
  }

  @Test
  void writingToAnotherFolderKeepsScriptFilesFindable(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("in");
    copyTree(Fixtures.dir(), copy);
    ConfigurationFile file = Fixtures.loader().load(copy.resolve("sample.yaml"));
    Path target = dir.resolve("out/exported.json");
    Files.createDirectories(target.getParent());
    ConfigurationWriter.of(ConfigurationFormat.JSON).write(file, target);
    assertTrue(Files.readString(target).contains("\"../in/scripts/slack_notify.py\""));
    // ${file:...} references stay relative to the original folder: put the secret beside the export
    copyTree(copy.resolve("secrets"), target.getParent().resolve("secrets"));
    Configuration again = Fixtures.loader().load(target).configuration();
    assertEquals(file.configuration().connectors(), again.connectors());
    assertEquals(file.configuration().playbooks(), again.playbooks());
    assertEquals(sources(file.configuration()), sources(again));
  }

  private static List<String> sources(Configuration c) {
    return c.actions().stream().flatMap(a -> a.scripts().stream()).map(ActionScript::source).toList();
  }

  @Test
  void anEditedScriptIsWrittenInline() {
    Action block = loaded.configuration().action("acme", "Block Address").orElseThrow();
    ActionScript changed = ActionScript.of("fw", "scripts/firewall_block_address.py", "def run(ctx):\n    return None\n");
    Action edited = block.toBuilder().clearScripts().script(changed).build();
    Configuration.Builder b = Configuration.builder();
    Configuration c = loaded.configuration();
    c.organizations().forEach(b::organization);
    c.jumpBoxes().forEach(b::jumpBox);
    c.actions().stream().map(a -> a.name().equals("Block Address") ? edited : a).forEach(b::action);
    c.connectors().forEach(b::connector);
    c.playbooks().forEach(b::playbook);
    ConfigurationFile file = loaded.withConfiguration(b.build());
    String text = ConfigurationWriter.of(ConfigurationFormat.JSON).write(file);
    assertTrue(text.contains("return None"), text);
    assertSameContent(file.configuration(),
        Fixtures.loader().load(text, ConfigurationFormat.JSON, Fixtures.dir()).configuration());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
