package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.edrplaybook.core.JournalSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the {@code journal} section: a directory or a PostgreSQL database, secrets resolved;
 * {@code path}, {@code schema} and {@code tablePrefix} may be references too, resolved as values
 * that are not secrets.
 */
final class JournalParser {
  private JournalParser() {}

  static Optional<JournalSettings> journal(ParseContext ctx, JsonNode node) {
    Fields f = Fields.of(ctx, node, "journal", Keys.JOURNAL);
    if (f == null) {
      return Optional.empty();
    }
    String written = f.textOrReference("path", false);
    Optional<Path> path = Optional.ofNullable(written).flatMap(p -> {
      try {
        Path resolved = ctx.baseDir().resolve(p).normalize();
        String reference = f.reference("path");
        if (reference != null) {
          ctx.secrets().template(f.path("path"), resolved.toString(), reference);
        }
        return Optional.of(resolved);
      } catch (InvalidPathException e) {
        ctx.add(f.path("path"), "is not a path: " + e.getMessage());
        return Optional.empty();
      }
    });
    Optional<String> url = Optional.ofNullable(f.secret("url", false));
    Optional<String> user = Optional.ofNullable(f.secret("user", false));
    Optional<String> password = Optional.ofNullable(f.secret("password", false));
    Optional<String> schema = Optional.ofNullable(f.textOrReference("schema", false));
    Optional<String> prefix = Optional.ofNullable(f.textOrReference("tablePrefix", false));
    if (ctx.isFailed("journal")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new JournalSettings(path, url, user, password, schema, prefix));
    } catch (IllegalArgumentException e) {
      ctx.add("journal", e.getMessage());
      return Optional.empty();
    }
  }
}
