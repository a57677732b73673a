package io.edrplaybook.postgres.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the journal's tables live: an optional schema and a table prefix. Renders SQL written with
 * {@code ${t}} in front of each table name and {@code ${p}} in front of each index name.
 *
 * @param schema the schema, empty for the connection's search path
 * @param prefix the table prefix, may be empty
 */
public record Tables(Optional<String> schema, String prefix) {
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
  private static final Pattern PREFIX = Pattern.compile("([a-z_][a-z0-9_]{0,29})?");

  /** Validates: names are lower-case SQL identifiers, so they never need quoting. */
  public Tables {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(prefix, "prefix");
    schema.ifPresent(s -> {
      if (!SCHEMA.matcher(s).matches()) {
        throw new IllegalArgumentException("schema \"" + s + "\" is not a lower-case SQL identifier "
            + "(a-z, 0-9 and _, not starting with a digit, at most 40 characters)");
      }
    });
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("table prefix \"" + prefix + "\" is not a lower-case SQL identifier "
          + "start (a-z, 0-9 and _, not starting with a digit, at most 30 characters)");
    }
  }

  /** Returns what stands in front of each table name: {@code schema.prefix} or {@code prefix}. */
  public String qualifier() {
    return schema.map(s -> s + ".").orElse("") + prefix;
  }

  /** Returns {@code sql} with {@code ${t}} replaced by {@link #qualifier()}, {@code ${p}} by the prefix. */
  public String sql(String sql) {
    return sql.replace("${t}", qualifier()).replace("${p}", prefix);
  }

  /** Returns the qualified name of table {@code name}. */
  public String table(String name) {
    return qualifier() + name;
  }

  @Override
  public String toString() {
    return qualifier() + "*";
  }
}
