package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.core.ConfigurationWriter;
import io.edrplaybook.core.JournalSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The configuration file's {@code journal} section: where the host keeps its journal. */
class JournalSectionTest {
  private static final String PASSWORD = "pg-Pa55-word";
  private static final ConfigurationLoader LOADER = ConfigurationLoader.builder()
      .environment(Map.of("EDR_DB_PASSWORD", PASSWORD)).build();
  private static final String POSTGRES = """
      {"organizations": [{"name": "acme"}],
       "journal": {"url": "jdbc:postgresql://db.example:5432/edr", "user": "edr",
                   "password": "${env:EDR_DB_PASSWORD}", "schema": "ops", "tablePrefix": "pb_"}}
      """;

  @Test
  void aPostgresJournalIsNamedWithItsPasswordFromTheEnvironment() {
    ConfigurationFile f = LOADER.load(POSTGRES, ConfigurationFormat.JSON, Path.of("/etc/edr"));
    JournalSettings j = f.journal().orElseThrow();
    assertEquals(Optional.of("jdbc:postgresql://db.example:5432/edr"), j.url());
    assertEquals(Optional.of(PASSWORD), j.password());
    assertEquals(Optional.of("ops"), j.schema());
    assertEquals(Optional.of("pb_"), j.tablePrefix());
    assertTrue(f.secrets().contains(PASSWORD), "the password is masked wherever it appears");
    assertFalse(j.toString().contains(PASSWORD), j.toString());
    assertFalse(f.toString().contains(PASSWORD), f.toString());
  }

  @Test
  void aDirectoryJournalIsRelativeToTheConfigurationFile() {
    ConfigurationFile f = LOADER.load("{\"organizations\": [{\"name\": \"acme\"}], \"journal\": {\"path\": \"data/j\"}}",
        ConfigurationFormat.JSON, Path.of("/etc/edr"));
    assertEquals(JournalSettings.directory(Path.of("/etc/edr/data/j")), f.journal().orElseThrow());
  }

  @Test
  void aFileWithoutAJournalSectionHasNone() {
    assertEquals(Optional.empty(), LOADER.load("{\"organizations\": [{\"name\": \"acme\"}]}", ConfigurationFormat.JSON,
        Path.of("/etc/edr")).journal());
  }

  @Test
  void aJournalWithBothAPathAndAUrlOrAnUnknownKeyIsRefusedWithItsPath() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> LOADER.load(
        "{\"organizations\": [{\"name\": \"acme\"}], \"journal\": {\"path\": \"j\", \"url\": \"jdbc:postgresql://h/d\","
            + " \"tablePrefx\": \"x\"}}", ConfigurationFormat.JSON, Path.of("/etc/edr")));
    String all = e.getMessage();
    assertTrue(all.contains("journal.tablePrefx"), all);
    assertTrue(all.contains("exactly one of them"), all);
  }

  @Test
  void aUrlThatIsNotPostgresIsRefused() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> LOADER.load(
        "{\"organizations\": [{\"name\": \"acme\"}], \"journal\": {\"url\": \"jdbc:mysql://h/d\"}}",
        ConfigurationFormat.JSON, Path.of("/etc/edr")));
    assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
  }

  @Test
  void theWriterKeepsTheSectionAndThePasswordsReference() {
    ConfigurationFile f = LOADER.load(POSTGRES, ConfigurationFormat.JSON, Path.of("/etc/edr"));
    String text = ConfigurationWriter.of(ConfigurationFormat.JSON).write(f);
    assertTrue(text.contains("${env:EDR_DB_PASSWORD}"), text);
    assertFalse(text.contains(PASSWORD), text);
    assertEquals(f.journal(), LOADER.load(text, ConfigurationFormat.JSON, Path.of("/etc/edr")).journal());
  }
}
