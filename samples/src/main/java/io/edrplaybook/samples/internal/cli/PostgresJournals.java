package io.edrplaybook.samples.internal.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.core.JournalSettings;
import io.edrplaybook.postgres.PostgresJournal;
import io.edrplaybook.spi.ExecutionJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --journal jdbc:postgresql://HOST:PORT/DB?user=U&password=${env:PGPASSWORD}}: the
 * PostgreSQL journal, shared by every process given the same URL. {@code ${env:NAME}} and
 * {@code ${file:PATH}} in the URL are replaced by the variable's value or the file's content, so a
 * password need not be on the command line; the URL is shown with its password masked.
 */
final class PostgresJournals {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(env|file):([^}]+)}");
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

  private PostgresJournals() {}

  /** Returns whether {@code spec} names a PostgreSQL journal. */
  static boolean names(String spec) {
    return spec.startsWith("jdbc:postgresql:");
  }

  /** Opens the journal a configuration file's {@code journal} section names (a {@code url}). */
  static ExecutionJournal open(JournalSettings settings) {
    HikariConfig config = config(settings.url().orElseThrow());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    HikariDataSource pool = start(config, settings.url().get());
    try {
      PostgresJournal.Builder b = PostgresJournal.builder(pool).closeWith(pool);
      settings.schema().ifPresent(b::schema);
      settings.tablePrefix().ifPresent(b::tablePrefix);
      return b.open();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Opens the journal at {@code url}: creates its tables unless {@code mustExist}.
   *
   * @throws IllegalArgumentException when {@code mustExist} and the database holds no journal, or a
   *     placeholder cannot be resolved
   * @throws JournalException when the database cannot be reached
   */
  static ExecutionJournal open(String url, boolean mustExist) {
    HikariDataSource pool = start(config(resolve(url)), url);
    try {
      if (mustExist && !hasJournal(pool)) {
        throw new IllegalArgumentException("journal " + describe(url) + " was not found: the database has no "
            + "edr-playbook journal tables (edr_schema_version)");
      }
      return PostgresJournal.builder(pool).closeWith(pool).open();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static HikariConfig config(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("edr-journal");
    config.setMaximumPoolSize(16);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    return config;
  }

  private static HikariDataSource start(HikariConfig config, String url) {
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new JournalException("PostgreSQL journal " + describe(url) + " could not be reached: " + cause(e), e);
    }
  }

  /** Returns {@code url} with its password masked. */
  static String describe(String url) {
    return PASSWORD.matcher(url).replaceAll("$1***");
  }

  private static boolean hasJournal(HikariDataSource pool) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('edr_schema_version') IS NOT NULL")) {
      return rs.next() && rs.getBoolean(1);
    } catch (SQLException e) {
      throw new JournalException("PostgreSQL journal could not be read: " + e.getMessage(), e);
    }
  }

  private static String resolve(String url) {
    Matcher m = PLACEHOLDER.matcher(url);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value;
      if (m.group(1).equals("env")) {
        value = System.getenv(m.group(2));
        if (value == null) {
          throw new IllegalArgumentException("--journal: environment variable " + m.group(2) + " is not set");
        }
      } else {
        try {
          value = Files.readString(Path.of(m.group(2)), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new IllegalArgumentException("--journal: could not read " + m.group(2) + ": " + e.getMessage());
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String cause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
