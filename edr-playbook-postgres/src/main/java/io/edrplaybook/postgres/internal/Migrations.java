package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.JournalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Creates and migrates the journal's tables from the versioned SQL files under
 * {@code io/edrplaybook/postgres/db/}, records each version applied, and refuses a schema newer
 * than this library knows. Engines starting at once migrate one after the other (an advisory
 * lock), in one transaction: a failed migration leaves nothing half done.
 */
public final class Migrations {

  /** The migrations, in order: version {@code i + 1} is {@code FILES.get(i)}. */
  static final List<String> FILES = List.of("V1__journal.sql", "V2__approvals_and_undo.sql");

  /** The newest schema version this library knows. */
  public static final int LATEST = FILES.size();

  private Migrations() {}

  /** Returns this library's version, as built. */
  public static String libraryVersion() {
    try (InputStream in = Migrations.class.getResourceAsStream("/io/edrplaybook/postgres/library.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Brings the tables to {@link #LATEST}.
   *
   * @return the schema version found before (0 for none)
   * @throws JournalException when the database holds a newer schema, or cannot be written
   */
  public static int migrate(Db db, Tables tables) {
    return db.transaction("create or migrate its tables", c -> migrate(c, tables, db.name()));
  }

  private static int migrate(Connection c, Tables tables, String name) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "edr-playbook-journal:" + tables.qualifier());
      lock.execute();
    }
    try (Statement s = c.createStatement()) {
      if (tables.schema().isPresent()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + tables.schema().get());
      }
      s.execute(tables.sql("CREATE TABLE IF NOT EXISTS ${t}schema_version ("
          + "version integer PRIMARY KEY, description text NOT NULL, library_version text NOT NULL, "
          + "applied_at timestamptz NOT NULL DEFAULT now())"));
    }
    int current = 0;
    String writtenBy = "unknown";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(tables.sql(
            "SELECT version, library_version FROM ${t}schema_version ORDER BY version DESC LIMIT 1"))) {
      if (rs.next()) {
        current = rs.getInt(1);
        writtenBy = rs.getString(2);
      }
    }
    if (current > LATEST) {
      throw new JournalException(name + " cannot use its tables: they are at schema version " + current
          + ", written by edr-playbook-postgres " + writtenBy + ", and this library (edr-playbook-postgres "
          + libraryVersion() + ") knows schema versions up to " + LATEST + ". Use edr-playbook-postgres "
          + writtenBy + " or later, or another schema or table prefix.");
    }
    for (int v = current + 1; v <= LATEST; v++) {
      String file = FILES.get(v - 1);
      try (Statement s = c.createStatement()) {
        s.execute(tables.sql(read(file)));
      }
      try (PreparedStatement p = c.prepareStatement(tables.sql(
          "INSERT INTO ${t}schema_version (version, description, library_version) VALUES (?, ?, ?)"))) {
        p.setInt(1, v);
        p.setString(2, file);
        p.setString(3, libraryVersion());
        p.executeUpdate();
      }
    }
    return current;
  }

  private static String read(String file) {
    String path = "/io/edrplaybook/postgres/db/" + file;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is missing from the library's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read migration " + path, e);
    }
  }
}
