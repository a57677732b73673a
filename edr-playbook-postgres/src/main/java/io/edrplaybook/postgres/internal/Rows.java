package io.edrplaybook.postgres.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Small JDBC helpers shared by the journal's statements. */
final class Rows {
  private Rows() {}

  /** Binds {@code instant} as a {@code timestamptz} (microseconds: PostgreSQL's precision). */
  static void time(PreparedStatement p, int index, Instant instant) throws SQLException {
    p.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  /** Binds {@code values} in order from parameter 1. */
  static PreparedStatement bind(PreparedStatement p, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        time(p, i + 1, t);
      } else if (v instanceof Enum<?> e) {
        p.setString(i + 1, e.name());
      } else if (v == null) {
        p.setNull(i + 1, java.sql.Types.VARCHAR);
      } else {
        p.setObject(i + 1, v);
      }
    }
    return p;
  }
}
