package io.edrplaybook.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.JournalException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journal's tables: created, versioned, placed where the host says, never downgraded. */
class SchemaTest {
  private HikariDataSource ds;

  @BeforeEach
  void open() {
    ds = Databases.fresh();
  }

  @AfterEach
  void close() {
    ds.close();
  }

  @Test
  void theFirstOpenCreatesTheTablesAndRecordsEverySchemaVersion() throws SQLException {
    PostgresJournal.builder(ds).open().close();
    PostgresJournal.builder(ds).open().close();
    assertEquals("1,2", query("SELECT string_agg(version::text, ',') FROM edr_schema_version"));
  }

  @Test
  void enginesOpeningAtOnceMigrateOnce() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<PostgresJournal>>();
      for (int n = 0; n < 4; n++) {
        futures.add(pool.submit(() -> PostgresJournal.builder(ds).open()));
      }
      for (var f : futures) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS).close();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals("2", query("SELECT count(*)::text FROM edr_schema_version"));
  }

  @Test
  void aNewerSchemaIsRefusedNamingTheLibraryVersionItNeeds() throws SQLException {
    PostgresJournal.builder(ds).open().close();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO edr_schema_version (version, description, library_version) "
          + "VALUES (99, 'V99__future.sql', '9.4.0')");
    }
    JournalException e = assertThrows(JournalException.class, () -> PostgresJournal.builder(ds).open());
    assertTrue(e.getMessage().contains("schema version 99") && e.getMessage().contains("9.4.0 or later"),
        e.getMessage());
  }

  @Test
  void tablesGoToTheConfiguredSchemaWithTheConfiguredPrefix() throws SQLException {
    try (PostgresJournal j = PostgresJournal.builder(ds).schema("ops").tablePrefix("pb_").open()) {
      j.classify(Entries.change("e1", Classification.PUP, Entries.T0));
      assertEquals(Classification.PUP, j.event(new EventKey("acme", "e1")).orElseThrow().current());
    }
    assertEquals("1", query("SELECT count(*)::text FROM ops.pb_events"));
    assertEquals("0", query("SELECT count(*)::text FROM information_schema.tables "
        + "WHERE table_schema = 'public' AND table_name LIKE '%events'"));
  }

  @Test
  void twoPrefixesInOneDatabaseAreTwoJournals() {
    try (PostgresJournal one = PostgresJournal.builder(ds).tablePrefix("one_").open();
        PostgresJournal two = PostgresJournal.builder(ds).tablePrefix("two_").open()) {
      one.classify(Entries.change("e1", Classification.PUP, Entries.T0));
      assertTrue(two.event(new EventKey("acme", "e1")).isEmpty());
    }
  }

  @Test
  void invalidSettingsAreAllNamedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresJournal.builder(ds)
        .schema("Ops; drop").tablePrefix("1x").heartbeatInterval(java.time.Duration.ofSeconds(5))
        .deadAfter(java.time.Duration.ofSeconds(6)).groupCommit(-1, 0).open());
    assertTrue(e.getMessage().contains("deadAfter") && e.getMessage().contains("schema \"Ops; drop\"")
        && e.getMessage().contains("groupCommit writers must be 0 to 16, was -1")
        && e.getMessage().contains("groupCommit maxBatch must be 1 to 1000, was 0"), e.getMessage());
  }

  private String query(String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
