package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.core.internal.journal.JournalCodec;
import io.edrplaybook.spi.RunClaim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A run's life: claim (one insert that does nothing on conflict), start, end. Each call is one
 * statement, written through the {@link GroupCommit} (with the concurrent calls of other runs in
 * one transaction), and no transaction stays open between them — none while a script runs. The
 * end is fenced: only the first terminal record of an invocation is written (a unique
 * index), so a late answer from an engine taken for dead changes nothing.
 */
public final class RunStore {
  private static final String KEY = "organization = ? AND event_id = ? AND classification = ? AND action = ? "
      + "AND connector = ?";

  private final Db db;
  private final GroupCommit group;
  private final Pending pending;
  private final String engine;
  private final String claim;
  private final String claimBatch;
  private final ClaimWrite.Sql claimSql;
  private final String lastStatus;
  private final String retake;
  private final String release;
  private final String started;
  private final String startedTest;
  private final String finished;
  private final String finishedTest;
  private final String startedBatch;
  private final String startedTestBatch;
  private final String finishedBatch;
  private final String finishedTestBatch;

  /** Prepares the statements for {@code tables}, written on behalf of {@code engine}. */
  public RunStore(Db db, GroupCommit group, Tables tables, String engine, Pending pending) {
    this.db = db;
    this.group = group;
    this.pending = pending;
    this.engine = engine;
    this.claim = tables.sql("INSERT INTO ${t}runs (organization, event_id, classification, action, connector, "
        + "holder, engine, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1");
    // in a batch: the update count tells; a SELECT, not VALUES, so that reWriteBatchedInserts leaves it alone
    this.claimBatch = tables.sql("INSERT INTO ${t}runs (organization, event_id, classification, action, connector, "
        + "holder, engine, claimed_at) SELECT ?, ?, ?, ?, ?, ?, ?, ? ON CONFLICT DO NOTHING");
    this.lastStatus = tables.sql("SELECT last_status FROM ${t}runs WHERE " + KEY);
    // after a batch of claims, how far each held key got: a lookup by primary key per key
    this.claimSql = new ClaimWrite.Sql(claim, claimBatch, lastStatus, tables.sql("""
        SELECT k.organization, k.event_id, k.classification, k.action, k.connector, r.last_status
        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
          AS k (organization, event_id, classification, action, connector)
        CROSS JOIN LATERAL (
          SELECT last_status FROM ${t}runs r
          WHERE r.organization = k.organization AND r.event_id = k.event_id AND r.classification = k.classification
            AND r.action = k.action AND r.connector = k.connector LIMIT 1) r"""));
    this.retake = tables.sql("UPDATE ${t}runs SET holder = ?, engine = ?, started = false, last_status = NULL, "
        + "claimed_at = ? WHERE " + KEY + " AND last_status = ANY (?) RETURNING 1");
    this.release = tables.sql("DELETE FROM ${t}runs WHERE " + KEY
        + " AND holder = ? AND NOT started AND last_status IS NULL");
    // the run row first (its lock), then the open row, then the history: the order recovery keeps too
    this.started = tables.sql("""
        WITH r AS (
          INSERT INTO ${t}runs AS r (organization, event_id, classification, action, connector, holder, engine,
                                     started, claimed_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, true, ?)
          ON CONFLICT (organization, event_id, classification, action, connector) DO UPDATE
            SET started = true, engine = excluded.engine
            WHERE r.holder = excluded.holder AND r.last_status IS NULL
          RETURNING 1),
        o AS (
          INSERT INTO ${t}open_runs (invocation_id, organization, event_id, engine, started_at, entry)
          SELECT ?, ?, ?, ?, ?, ? FROM r
          ON CONFLICT (invocation_id) DO NOTHING
          RETURNING 1)
        INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry)
        SELECT ?, ?, 'started', ?, ?, ? FROM r WHERE (SELECT count(*) FROM o) >= 0
        RETURNING 1""");
    this.startedTest = tables.sql("""
        WITH o AS (
          INSERT INTO ${t}open_runs (invocation_id, organization, event_id, engine, started_at, entry)
          VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (invocation_id) DO NOTHING
          RETURNING 1)
        INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry)
        SELECT ?, ?, 'started', ?, ?, ? WHERE (SELECT count(*) FROM o) >= 0
        RETURNING 1""");
    // the open row first (recovery skips locked ones), then the run row, then the one terminal record
    this.finished = tables.sql("""
        WITH o AS (
          DELETE FROM ${t}open_runs WHERE invocation_id = ? RETURNING 1),
        r AS (
          UPDATE ${t}runs SET last_status = ?
          WHERE organization = ? AND event_id = ? AND classification = ? AND action = ? AND connector = ?
            AND holder = ? AND last_status IS NULL
          RETURNING 1)
        INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry)
        SELECT ?, ?, 'result', ?, ?, ?
        WHERE (SELECT count(*) FROM o) >= 0 AND (SELECT count(*) FROM r) >= 0
        ON CONFLICT (invocation_id) WHERE kind = 'result' DO NOTHING
        RETURNING 1""");
    this.finishedTest = tables.sql("""
        WITH o AS (
          DELETE FROM ${t}open_runs WHERE invocation_id = ? RETURNING 1)
        INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry)
        SELECT ?, ?, 'result', ?, ?, ?
        WHERE (SELECT count(*) FROM o) >= 0
        ON CONFLICT (invocation_id) WHERE kind = 'result' DO NOTHING
        RETURNING 1""");
    this.startedBatch = withoutReturning(started);
    this.startedTestBatch = withoutReturning(startedTest);
    this.finishedBatch = withoutReturning(finished);
    this.finishedTestBatch = withoutReturning(finishedTest);
  }

  /** See {@code ExecutionJournal.claim}. */
  public RunClaim claim(Invocation invocation, Instant now) {
    Write<RunClaim> w = claimWrite(invocation, now);
    try {
      return group.write(w);
    } catch (JournalException e) {
      giveBackLater(List.of(invocation));
      throw e;
    }
  }

  /** The write of a claim, for the group commit (alone or a part of a compound write). */
  public Write<RunClaim> claimWrite(Invocation invocation, Instant now) {
    if (invocation.test()) {
      throw new IllegalArgumentException("test runs are never claimed: " + invocation.id());
    }
    return new ClaimWrite(invocation.runKey(), invocation.id(), engine, now, claimSql);
  }

  /**
   * After a failed claim whose insert may have committed before the connection broke: gives such
   * claims back once the database answers again (only unstarted claims of their own holder).
   */
  public void giveBackLater(List<Invocation> claims) {
    for (Invocation invocation : claims) {
      pending.add("give back the claim of run " + invocation.runKey(), () -> releaseNow(invocation));
    }
  }

  /** See {@code ExecutionJournal.retake}. */
  public boolean retake(Invocation invocation, Set<InvocationStatus> from, Instant now) {
    RunKey key = invocation.runKey();
    String[] statuses = from.stream().map(Enum::name).toArray(String[]::new);
    return db.call("retake run " + key, c -> {
      try (PreparedStatement p = Db.prepare(c, retake)) {
        Rows.bind(p, invocation.id(), engine, now);
        bindKeyAt(p, 4, key);
        p.setArray(9, c.createArrayOf("text", statuses));
        try (ResultSet rs = p.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** See {@code ExecutionJournal.release}. */
  public void release(Invocation invocation) {
    try {
      releaseNow(invocation);
    } catch (JournalException e) {
      pending.add("give back the claim of run " + invocation.runKey(), () -> releaseNow(invocation));
      throw e;
    }
  }

  private void releaseNow(Invocation invocation) {
    RunKey key = invocation.runKey();
    db.call("give back the claim of run " + key, c -> {
      try (PreparedStatement p = Db.prepare(c, release)) {
        bindKeyAt(p, 1, key);
        p.setString(6, invocation.id());
        return p.executeUpdate();
      }
    });
  }

  /** See {@code ExecutionJournal.claimOf}. */
  public Optional<RunClaim> claimOf(RunKey key) {
    return db.call("read the claim of run " + key, c ->
        readLastStatus(c, key).map(status -> RunClaim.held(key, status)));
  }

  /** See {@code ExecutionJournal.started}. */
  public void started(InvocationStarted entry) {
    Invocation i = entry.invocation();
    String json = JournalCodec.encode(entry);
    String sql = i.test() ? startedTest : started;
    String batchSql = i.test() ? startedTestBatch : startedBatch;
    Write.Binder binder = p -> {
      int n = 1;
      if (!i.test()) {
        bindKey(p, i.runKey(), i.id(), engine, entry.time());
        n = 9;
      }
      n = set(p, n, i.id(), i.organization(), i.eventId(), engine, entry.time(), json);
      set(p, n, i.organization(), i.eventId(), i.id(), entry.time(), json);
    };
    int written = group.write(Write.of(Write.Kind.START, order(i), "record the start of run " + i.id() + " ("
        + i.runKey() + ")", batchSql, binder, count -> count, c -> {
          try (PreparedStatement p = Db.prepare(c, sql)) {
            binder.bind(p);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? 1 : 0;
            }
          }
        }));
    if (written == 0) {
      throw new JournalException(db.name() + " refused to start run " + i.id() + " (" + i.runKey()
          + "): its claim is no longer this invocation's (it was given back after this engine was taken "
          + "for dead, or another attempt holds it)");
    }
  }

  /** See {@code ExecutionJournal.finished}. */
  public boolean finished(InvocationResult result) {
    try {
      return finishedNow(result, true);
    } catch (JournalException e) {
      // written again once the database is back: else the run stays open while this engine lives
      pending.add("record the end of run " + result.invocation().id(), () -> finishedNow(result, false));
      throw e;
    }
  }

  /** Writes the end; {@code grouped}: through the group commit, else alone (a kept write, written again). */
  private boolean finishedNow(InvocationResult result, boolean grouped) {
    Invocation i = result.invocation();
    String json = JournalCodec.encode(Bounds.bound(result));
    String sql = i.test() ? finishedTest : finished;
    String batchSql = i.test() ? finishedTestBatch : finishedBatch;
    Write.Binder binder = p -> {
      p.setString(1, i.id());
      int n = 2;
      if (!i.test()) {
        p.setString(2, result.status().name());
        bindKeyAt(p, 3, i.runKey());
        p.setString(8, i.id());
        n = 9;
      }
      set(p, n, i.organization(), i.eventId(), i.id(), result.time(), json);
    };
    Write<Boolean> w = Write.of(Write.Kind.END, order(i), "record the end of run " + i.id() + " (" + i.runKey()
        + ")", batchSql, binder, count -> count == 1, c -> {
          try (PreparedStatement p = Db.prepare(c, sql)) {
            binder.bind(p);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next();
            }
          }
        });
    return grouped ? group.write(w) : db.callWhileClosing(w.what(), w::alone);
  }

  /** The row order of a batch: by event, then run key. */
  static String order(RunKey key) {
    return key.event().organization() + '\u0000' + key.event().eventId() + '\u0000' + key.classification().name()
        + '\u0000' + key.action() + '\u0000' + key.connector();
  }

  private static String order(Invocation i) {
    return i.test() ? i.organization() + '\u0000' + i.eventId() + '\u0000' + i.id() : order(i.runKey());
  }

  /** The batch form of a statement: its outcome is the update count of its last insert. */
  private static String withoutReturning(String sql) {
    String s = sql.strip();
    if (!s.endsWith("RETURNING 1")) {
      throw new IllegalStateException("expected a statement ending with RETURNING 1: " + s);
    }
    return s.substring(0, s.length() - "RETURNING 1".length()).strip();
  }

  private Optional<Optional<InvocationStatus>> readLastStatus(Connection c, RunKey key) throws SQLException {
    try (PreparedStatement p = Db.prepare(c, lastStatus)) {
      bindKeyAt(p, 1, key);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String s = rs.getString(1);
        return Optional.of(s == null ? Optional.empty() : Optional.of(InvocationStatus.valueOf(s)));
      }
    }
  }

  static PreparedStatement bindKey(PreparedStatement p, RunKey key, String holder, String engine,
      Instant now) throws SQLException {
    bindKeyAt(p, 1, key);
    p.setString(6, holder);
    p.setString(7, engine);
    Rows.time(p, 8, now);
    return p;
  }

  static void bindKeyAt(PreparedStatement p, int first, RunKey key) throws SQLException {
    p.setString(first, key.event().organization());
    p.setString(first + 1, key.event().eventId());
    p.setString(first + 2, key.classification().name());
    p.setString(first + 3, key.action());
    p.setString(first + 4, key.connector());
  }

  private static int set(PreparedStatement p, int first, Object... values) throws SQLException {
    for (int k = 0; k < values.length; k++) {
      Object v = values[k];
      if (v instanceof Instant t) {
        Rows.time(p, first + k, t);
      } else {
        p.setObject(first + k, v);
      }
    }
    return first + values.length;
  }
}
