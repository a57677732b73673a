package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.core.internal.journal.JournalCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs awaiting approval: one row each in {@code approvals}, inserted with the request (while its
 * claim in {@code runs} belongs to no engine, so that no engine's stop gives it back) and deleted
 * by the one decision that decides it, in the same transaction as the decision's history entry
 * and, when the run does not run, its terminal record. A delete that finds no row decides nothing:
 * of several engines deciding one run, the first delete wins.
 */
public final class ApprovalStore {
  private static final String KEY = "organization = ? AND event_id = ? AND classification = ? AND action = ? "
      + "AND connector = ?";

  private final Db db;
  private final String engine;
  private final String await;
  private final String take;
  private final String decided;
  private final String ended;
  private final String result;
  private final String handOver;
  private final String one;
  private final String pending;
  private final String due;

  /** Prepares the statements for {@code tables}, written on behalf of {@code engine}. */
  public ApprovalStore(Db db, Tables tables, String engine) {
    this.db = db;
    this.engine = engine;
    this.await = tables.sql("""
        WITH r AS (
          UPDATE ${t}runs SET engine = ''
          WHERE organization = ? AND event_id = ? AND classification = ? AND action = ? AND connector = ?
            AND holder = ? AND NOT started AND last_status IS NULL
          RETURNING 1),
        a AS (
          INSERT INTO ${t}approvals (organization, event_id, classification, action, connector, invocation_id,
                                     requested_at, expires_at, entry)
          SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM r
          ON CONFLICT DO NOTHING
          RETURNING 1)
        INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry)
        SELECT ?, ?, 'awaiting', ?, ?, ? FROM a
        RETURNING 1""");
    this.take = tables.sql("DELETE FROM ${t}approvals WHERE " + KEY + " AND invocation_id = ? RETURNING entry");
    this.decided = tables.sql("INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry) "
        + "VALUES (?, ?, 'decision', ?, ?, ?)");
    this.ended = tables.sql("UPDATE ${t}runs SET last_status = ?, engine = ? WHERE " + KEY
        + " AND holder = ? AND last_status IS NULL");
    this.result = tables.sql("INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry) "
        + "VALUES (?, ?, 'result', ?, ?, ?) ON CONFLICT (invocation_id) WHERE kind = 'result' DO NOTHING");
    // approved: the claim is the deciding engine's again, given back if it stops before the start
    this.handOver = tables.sql("UPDATE ${t}runs SET engine = ? WHERE " + KEY + " AND holder = ? "
        + "AND NOT started AND last_status IS NULL");
    this.one = tables.sql("SELECT entry FROM ${t}approvals WHERE " + KEY);
    this.pending = tables.sql("SELECT entry FROM ${t}approvals WHERE organization = ? "
        + "ORDER BY requested_at, invocation_id");
    this.due = tables.sql("SELECT entry FROM ${t}approvals WHERE expires_at <= ? "
        + "ORDER BY expires_at, invocation_id LIMIT ?");
  }

  /**
   * See {@code ExecutionJournal.awaitApproval}.
   *
   * @return whether it was recorded (false: the invocation does not hold an unstarted claim)
   */
  public boolean await(AwaitingApproval a) {
    String json = JournalCodec.encode(a);
    RunKey key = a.runKey();
    return db.call("record that run " + a.invocation().id() + " (" + key + ") awaits approval", c -> {
      try (PreparedStatement p = Db.prepare(c, await)) {
        RunStore.bindKeyAt(p, 1, key);
        p.setString(6, a.invocation().id());
        RunStore.bindKeyAt(p, 7, key);
        p.setString(12, a.invocation().id());
        Rows.time(p, 13, a.time());
        Rows.time(p, 14, a.expiresAt());
        p.setString(15, json);
        p.setString(16, a.organization());
        p.setString(17, a.eventId());
        p.setString(18, a.invocation().id());
        Rows.time(p, 19, a.time());
        p.setString(20, json);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** See {@code ExecutionJournal.decide}. */
  public Optional<AwaitingApproval> decide(ApprovalDecision d) {
    RunKey key = d.runKey();
    String id = d.invocation().id();
    Optional<InvocationResult> end = d.terminalRecord();
    return db.transaction("record the decision " + d.verdict() + " on run " + key, c -> {
      AwaitingApproval request;
      try (PreparedStatement p = Db.prepare(c, take)) {
        RunStore.bindKeyAt(p, 1, key);
        p.setString(6, id);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            return Optional.<AwaitingApproval>empty();
          }
          request = (AwaitingApproval) JournalCodec.decode(rs.getString(1));
        }
      }
      try (PreparedStatement p = Rows.bind(Db.prepare(c, decided), d.organization(), d.eventId(), id, d.time(),
          JournalCodec.encode(d))) {
        p.executeUpdate();
      }
      if (end.isPresent()) {
        try (PreparedStatement p = Db.prepare(c, ended)) {
          p.setString(1, end.get().status().name());
          p.setString(2, engine);
          RunStore.bindKeyAt(p, 3, key);
          p.setString(8, id);
          p.executeUpdate();
        }
        try (PreparedStatement p = Rows.bind(Db.prepare(c, result), d.organization(), d.eventId(), id,
            end.get().time(), JournalCodec.encode(end.get()))) {
          p.executeUpdate();
        }
      } else {
        try (PreparedStatement p = Db.prepare(c, handOver)) {
          p.setString(1, engine);
          RunStore.bindKeyAt(p, 2, key);
          p.setString(7, id);
          p.executeUpdate();
        }
      }
      return Optional.of(request);
    });
  }

  /** See {@code ExecutionJournal.awaiting}. */
  public Optional<AwaitingApproval> awaiting(RunKey key) {
    return db.call("read whether run " + key + " awaits approval", c -> {
      try (PreparedStatement p = Db.prepare(c, one)) {
        RunStore.bindKeyAt(p, 1, key);
        List<AwaitingApproval> found = read(p);
        return found.isEmpty() ? Optional.<AwaitingApproval>empty() : Optional.of(found.get(0));
      }
    });
  }

  /** See {@code ExecutionJournal.pending}. */
  public List<AwaitingApproval> pending(String organization) {
    return db.call("list the runs of " + organization + " awaiting approval", c -> {
      try (PreparedStatement p = Rows.bind(Db.prepare(c, pending), organization)) {
        return read(p);
      }
    });
  }

  /** See {@code ExecutionJournal.approvalsDue}. */
  public List<AwaitingApproval> due(Instant now, int limit) {
    return db.call("list the approvals due at " + now, c -> {
      try (PreparedStatement p = Rows.bind(Db.prepare(c, due), now, Math.max(1, limit))) {
        return read(p);
      }
    });
  }

  private static List<AwaitingApproval> read(PreparedStatement p) throws SQLException {
    List<AwaitingApproval> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add((AwaitingApproval) JournalCodec.decode(rs.getString(1)));
      }
    }
    return out;
  }
}
