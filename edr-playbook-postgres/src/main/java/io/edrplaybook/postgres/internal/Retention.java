package io.edrplaybook.postgres.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Forgets old events in batches, one short transaction each: walks the history's time index from
 * the oldest entry up to the cutoff, and removes an event it meets (history, state, claims) when
 * none of its entries is newer than the cutoff and none of its runs is still open.
 */
public final class Retention {
  private static final int BATCH = 1000;

  private final Db db;
  private final String candidates;
  private final String forget;
  private final String orphanClaims;

  /** Prepares the statements for {@code tables}. */
  public Retention(Db db, Tables tables) {
    this.db = db;
    this.candidates = tables.sql("SELECT organization, event_id, at, seq FROM ${t}history "
        + "WHERE at < ? AND (at, seq) > (?, ?) ORDER BY at, seq LIMIT ?");
    this.forget = tables.sql("""
        WITH c AS (SELECT DISTINCT org, ev FROM unnest(?::text[], ?::text[]) AS c(org, ev)),
        gone AS (
          SELECT org, ev FROM c
          WHERE NOT EXISTS (SELECT 1 FROM ${t}history h
                            WHERE h.organization = c.org AND h.event_id = c.ev AND h.at >= ?)
            AND NOT EXISTS (SELECT 1 FROM ${t}runs r
                            WHERE r.organization = c.org AND r.event_id = c.ev AND r.last_status IS NULL)
            AND NOT EXISTS (SELECT 1 FROM ${t}open_runs o WHERE o.organization = c.org AND o.event_id = c.ev)
            AND NOT EXISTS (SELECT 1 FROM ${t}undos u WHERE u.organization = c.org AND u.event_id = c.ev)),
        dh AS (DELETE FROM ${t}history h USING gone WHERE h.organization = gone.org AND h.event_id = gone.ev
               RETURNING 1),
        dr AS (DELETE FROM ${t}runs r USING gone WHERE r.organization = gone.org AND r.event_id = gone.ev
               RETURNING 1),
        de AS (DELETE FROM ${t}events e USING gone WHERE e.organization = gone.org AND e.event_id = gone.ev
               RETURNING 1)
        SELECT count(*) FROM gone""");
    this.orphanClaims = tables.sql("""
        DELETE FROM ${t}runs WHERE ctid IN (
          SELECT r.ctid FROM ${t}runs r
          WHERE r.claimed_at < ? AND r.last_status IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM ${t}history h
                            WHERE h.organization = r.organization AND h.event_id = r.event_id)
          LIMIT ?)""");
  }

  /** See {@code ExecutionJournal.forgetBefore}. */
  public long forgetBefore(Instant cutoff) {
    long removed = 0;
    Instant atCursor = Instant.parse("0001-01-01T00:00:00Z");
    long seqCursor = Long.MIN_VALUE;
    while (true) {
      Instant fromAt = atCursor;
      long fromSeq = seqCursor;
      Batch batch = db.call("find events older than " + cutoff, c -> {
        List<String> orgs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        Instant lastAt = null;
        long lastSeq = 0;
        int rows = 0;
        try (PreparedStatement p = Rows.bind(Db.prepare(c, candidates), cutoff, fromAt, fromSeq, BATCH);
            ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            rows++;
            if (seen.add(List.of(rs.getString(1), rs.getString(2)))) {
              orgs.add(rs.getString(1));
              ids.add(rs.getString(2));
            }
            lastAt = rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
            lastSeq = rs.getLong(4);
          }
        }
        return new Batch(orgs, ids, lastAt, lastSeq, rows);
      });
      if (!batch.orgs.isEmpty()) {
        removed += db.transaction("forget events older than " + cutoff, c -> {
          try (PreparedStatement p = Db.prepare(c, forget)) {
            p.setArray(1, c.createArrayOf("text", batch.orgs.toArray()));
            p.setArray(2, c.createArrayOf("text", batch.ids.toArray()));
            Rows.time(p, 3, cutoff);
            try (ResultSet rs = p.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
      }
      if (batch.rows < BATCH) {
        break;
      }
      atCursor = batch.lastAt;
      seqCursor = batch.lastSeq;
    }
    int n;
    do {
      n = db.call("forget ended claims older than " + cutoff, c -> {
        try (PreparedStatement p = Rows.bind(Db.prepare(c, orphanClaims), cutoff, BATCH)) {
          return p.executeUpdate();
        }
      });
    } while (n == BATCH);
    return removed;
  }

  private record Batch(List<String> orgs, List<String> ids, Instant lastAt, long lastSeq, int rows) {}
}
