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
import java.util.Optional;
import java.util.Set;

/**
 * A run's life: claim (one insert that does nothing on conflict), start, end. Each call is one
 * statement, so one round trip, and no transaction stays open between them — none while a script
 * runs. The end is fenced: only the first terminal record of an invocation is written (a unique
 * index), so a late answer from an engine taken for dead changes nothing.
 */
public final class RunStore {
  private static final String KEY = "organization = ? AND event_id = ? AND classification = ? AND action = ? "
      + "AND connector = ?";

  private final Db db;
  private final Pending pending;
  private final String engine;
  private final String claim;
  private final String lastStatus;
  private final String retake;
  private final String release;
  private final String started;
  private final String startedTest;
  private final String finished;
  private final String finishedTest;

  /** Prepares the statements for {@code tables}, written on behalf of {@code engine}. */
  public RunStore(Db db, Tables tables, String engine, Pending pending) {
    this.db = db;
    this.pending = pending;
    this.engine = engine;
    this.claim = tables.sql("INSERT INTO ${t}runs (organization, event_id, classification, action, connector, "
        + "holder, engine, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1");
    this.lastStatus = tables.sql("SELECT last_status FROM ${t}runs WHERE " + KEY);
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
  }

  /** See {@code ExecutionJournal.claim}. */
  public RunClaim claim(Invocation invocation, Instant now) {
    RunKey key = invocation.runKey();
    if (invocation.test()) {
      throw new IllegalArgumentException("test runs are never claimed: " + invocation.id());
    }
    try {
      return db.call("claim run " + key, c -> {
        try (PreparedStatement p = bindKey(c.prepareStatement(claim), key, invocation.id(), engine, now);
            ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            return RunClaim.granted(key);
          }
        }
        // held: by whom we need not say, only how far it got (a release in between reads as held, not ended)
        return RunClaim.held(key, readLastStatus(c, key).orElse(Optional.empty()));
      });
    } catch (JournalException e) {
      // the insert may have committed before the connection broke: give such a claim back later
      pending.add("give back the claim of run " + key, () -> releaseNow(invocation));
      throw e;
    }
  }

  /** See {@code ExecutionJournal.retake}. */
  public boolean retake(Invocation invocation, Set<InvocationStatus> from, Instant now) {
    RunKey key = invocation.runKey();
    String[] statuses = from.stream().map(Enum::name).toArray(String[]::new);
    return db.call("retake run " + key, c -> {
      try (PreparedStatement p = c.prepareStatement(retake)) {
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
      try (PreparedStatement p = c.prepareStatement(release)) {
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
    int written = db.call("record the start of run " + i.id() + " (" + i.runKey() + ")", c -> {
      try (PreparedStatement p = c.prepareStatement(i.test() ? startedTest : started)) {
        int n = 1;
        if (!i.test()) {
          bindKey(p, i.runKey(), i.id(), engine, entry.time());
          n = 9;
        }
        n = set(p, n, i.id(), i.organization(), i.eventId(), engine, entry.time(), json);
        set(p, n, i.organization(), i.eventId(), i.id(), entry.time(), json);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? 1 : 0;
        }
      }
    });
    if (written == 0) {
      throw new JournalException(db.name() + " refused to start run " + i.id() + " (" + i.runKey()
          + "): its claim is no longer this invocation's (it was given back after this engine was taken "
          + "for dead, or another attempt holds it)");
    }
  }

  /** See {@code ExecutionJournal.finished}. */
  public boolean finished(InvocationResult result) {
    try {
      return finishedNow(result);
    } catch (JournalException e) {
      // written again once the database is back: else the run stays open while this engine lives
      pending.add("record the end of run " + result.invocation().id(), () -> finishedNow(result));
      throw e;
    }
  }

  private boolean finishedNow(InvocationResult result) {
    Invocation i = result.invocation();
    String json = JournalCodec.encode(Bounds.bound(result));
    return db.call("record the end of run " + i.id() + " (" + i.runKey() + ")", c -> {
      try (PreparedStatement p = c.prepareStatement(i.test() ? finishedTest : finished)) {
        p.setString(1, i.id());
        int n = 2;
        if (!i.test()) {
          p.setString(2, result.status().name());
          bindKeyAt(p, 3, i.runKey());
          p.setString(8, i.id());
          n = 9;
        }
        set(p, n, i.organization(), i.eventId(), i.id(), result.time(), json);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  private Optional<Optional<InvocationStatus>> readLastStatus(Connection c, RunKey key) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(lastStatus)) {
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

  private static PreparedStatement bindKey(PreparedStatement p, RunKey key, String holder, String engine,
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
