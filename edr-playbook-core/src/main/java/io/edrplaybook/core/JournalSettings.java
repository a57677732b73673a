package io.edrplaybook.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code journal} section of a configuration file: where a host keeps its journal. Either a
 * directory ({@code path}: a {@link FileJournal}) or a PostgreSQL database ({@code url}, a
 * {@code jdbc:postgresql:} URL, with {@code user}, {@code password} — by {@code ${env:…}} or
 * {@code ${file:…}} — and optionally {@code schema} and {@code tablePrefix}: the journal of
 * {@code edr-playbook-postgres}, shared by several engines). {@code toString()} shows no password.
 *
 * @param path the file journal's directory (resolved against the configuration file's folder)
 * @param url the PostgreSQL journal's JDBC URL
 * @param user the database user, when not in the URL
 * @param password the database password (a resolved secret)
 * @param schema the schema of the journal's tables
 * @param tablePrefix the prefix of the journal's table names
 */
public record JournalSettings(Optional<Path> path, Optional<String> url, Optional<String> user,
    Optional<String> password, Optional<String> schema, Optional<String> tablePrefix) {

  /** Validates: a path or a URL, and database settings only with a URL. */
  public JournalSettings {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(tablePrefix, "tablePrefix");
    if (path.isPresent() == url.isPresent()) {
      throw new IllegalArgumentException("a journal is a \"path\" (a directory) or a \"url\" (jdbc:postgresql:...), "
          + "exactly one of them");
    }
    url.ifPresent(u -> {
      if (!u.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("url must be a jdbc:postgresql: URL such as "
            + "jdbc:postgresql://HOST:5432/DATABASE, was " + u.replaceAll("(?i)password=[^&]*", "password=****"));
      }
    });
    if (path.isPresent() && (user.isPresent() || password.isPresent() || schema.isPresent()
        || tablePrefix.isPresent())) {
      throw new IllegalArgumentException("user, password, schema and tablePrefix belong to a \"url\" journal, "
          + "not to a \"path\"");
    }
  }

  /** A file journal in {@code directory}. */
  public static JournalSettings directory(Path directory) {
    return new JournalSettings(Optional.of(directory), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  @Override
  public String toString() {
    return path.map(p -> "JournalSettings[path=" + p + "]").orElseGet(() -> "JournalSettings[url="
        + url.orElseThrow().replaceAll("(?i)password=[^&]*", "password=****") + user.map(u -> ", user=" + u).orElse("")
        + password.map(p -> ", password=****").orElse("") + schema.map(s -> ", schema=" + s).orElse("")
        + tablePrefix.map(t -> ", tablePrefix=" + t).orElse("") + "]");
  }
}
