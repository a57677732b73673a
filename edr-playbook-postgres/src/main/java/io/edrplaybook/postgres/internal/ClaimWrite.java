package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.spi.RunClaim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A claim through the {@link GroupCommit}: one insert that does nothing on conflict. A batch of
 * claims learns which were granted from their update counts, and how far the held keys got from one
 * query for all of them, in the batch's transaction.
 */
final class ClaimWrite extends Write<RunClaim> {
  /** The statements a claim uses, rendered for the journal's tables. */
  record Sql(String alone, String batch, String lastStatus, String lastStatuses) {}

  private final RunKey key;
  private final String holder;
  private final String engine;
  private final Instant now;
  private final Sql sql;

  ClaimWrite(RunKey key, String holder, String engine, Instant now, Sql sql) {
    super(Kind.CLAIM, RunStore.order(key), "claim run " + key);
    this.key = key;
    this.holder = holder;
    this.engine = engine;
    this.now = now;
    this.sql = sql;
  }

  @Override
  protected String batchSql() {
    return sql.batch();
  }

  @Override
  protected void bind(PreparedStatement p) throws SQLException {
    RunStore.bindKey(p, key, holder, engine, now);
  }

  @Override
  protected RunClaim counted(int count) {
    throw new IllegalStateException("a claim's outcome is read after its batch");
  }

  @Override
  protected GroupRead groupRead() {
    return ClaimWrite::readOutcomes;
  }

  @Override
  protected RunClaim alone(Connection c) throws SQLException {
    try (PreparedStatement p = Db.prepare(c, sql.alone())) {
      bind(p);
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          return RunClaim.granted(key);
        }
      }
    }
    // held: by whom we need not say, only how far it got (a release in between reads as held, not ended)
    try (PreparedStatement p = Db.prepare(c, sql.lastStatus())) {
      RunStore.bindKeyAt(p, 1, key);
      try (ResultSet rs = p.executeQuery()) {
        return RunClaim.held(key, rs.next() ? status(rs.getString(1)) : Optional.empty());
      }
    }
  }

  /** After a batch of claims: granted where the insert counted 1, else how far the holder got. */
  private static void readOutcomes(Connection c, List<Write<?>> writes, int[] counts, Object[] out, int from)
      throws SQLException {
    int held = 0;
    for (int count : counts) {
      held += count == 1 ? 0 : 1;
    }
    Map<String, Optional<InvocationStatus>> statuses = new HashMap<>();
    if (held > 0) {
      String[][] keys = new String[5][held];
      int k = 0;
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 1) {
          RunKey key = ((ClaimWrite) writes.get(i)).key;
          keys[0][k] = key.event().organization();
          keys[1][k] = key.event().eventId();
          keys[2][k] = key.classification().name();
          keys[3][k] = key.action();
          keys[4][k] = key.connector();
          k++;
        }
      }
      try (PreparedStatement p = Db.prepare(c, ((ClaimWrite) writes.get(0)).sql.lastStatuses())) {
        for (int col = 0; col < 5; col++) {
          p.setArray(col + 1, c.createArrayOf("text", keys[col]));
        }
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            String order = rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000' + rs.getString(3) + '\u0000'
                + rs.getString(4) + '\u0000' + rs.getString(5);
            statuses.put(order, status(rs.getString(6)));
          }
        }
      }
    }
    for (int i = 0; i < counts.length; i++) {
      ClaimWrite w = (ClaimWrite) writes.get(i);
      out[from + i] = counts[i] == 1 ? RunClaim.granted(w.key)
          : RunClaim.held(w.key, statuses.getOrDefault(w.order(), Optional.empty()));
    }
  }

  private static Optional<InvocationStatus> status(String s) {
    return s == null ? Optional.empty() : Optional.of(InvocationStatus.valueOf(s));
  }
}
