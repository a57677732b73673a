package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.RunKey;
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoScheduled;
import io.edrplaybook.core.internal.journal.JournalCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduled undos: one row each in {@code undos}, inserted with the schedule's history entry and
 * deleted with its end's, each one statement: of several engines ending one undo, the first
 * delete wins.
 */
public final class UndoStore {
  private final Db db;
  private final String schedule;
  private final String due;
  private final String end;

  /** Prepares the statements for {@code tables}. */
  public UndoStore(Db db, Tables tables) {
    this.db = db;
    this.schedule = tables.sql("""
        WITH u AS (
          INSERT INTO ${t}undos (organization, event_id, classification, action, connector, due_at, entry)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT DO NOTHING
          RETURNING 1)
        INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry)
        SELECT ?, ?, 'undo', ?, ?, ? FROM u
        RETURNING 1""");
    this.due = tables.sql("SELECT entry FROM ${t}undos WHERE due_at <= ? ORDER BY due_at LIMIT ?");
    this.end = tables.sql("""
        WITH d AS (
          DELETE FROM ${t}undos
          WHERE organization = ? AND event_id = ? AND classification = ? AND action = ? AND connector = ?
          RETURNING 1)
        INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry)
        SELECT ?, ?, 'undone', ?, ?, ? FROM d
        RETURNING 1""");
  }

  /** See {@code ExecutionJournal.scheduleUndo}. */
  public boolean schedule(UndoScheduled u) {
    String json = JournalCodec.encode(u);
    RunKey key = u.runKey();
    return db.call("schedule the undo of run " + key, c -> {
      try (PreparedStatement p = Db.prepare(c, schedule)) {
        RunStore.bindKeyAt(p, 1, key);
        if (u.dueAt().isPresent()) {
          Rows.time(p, 6, u.dueAt().get());
        } else {
          p.setNull(6, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        }
        p.setString(7, json);
        p.setString(8, u.organization());
        p.setString(9, u.eventId());
        p.setString(10, u.original().id());
        Rows.time(p, 11, u.time());
        p.setString(12, json);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** See {@code ExecutionJournal.undosDue}. */
  public List<UndoScheduled> due(Instant now, int limit) {
    return db.call("list the undos due at " + now, c -> {
      List<UndoScheduled> out = new ArrayList<>();
      try (PreparedStatement p = Rows.bind(Db.prepare(c, due), now, Math.max(1, limit));
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add((UndoScheduled) JournalCodec.decode(rs.getString(1)));
        }
      }
      return out;
    });
  }

  /** See {@code ExecutionJournal.undoEnded}. */
  public boolean ended(UndoEnded d) {
    String json = JournalCodec.encode(d);
    RunKey key = d.runKey();
    return db.call("end the undo of run " + key, c -> {
      try (PreparedStatement p = Db.prepare(c, end)) {
        RunStore.bindKeyAt(p, 1, key);
        p.setString(6, d.organization());
        p.setString(7, d.eventId());
        p.setString(8, d.original().id());
        Rows.time(p, 9, d.time());
        p.setString(10, json);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next();
        }
      }
    });
  }
}
