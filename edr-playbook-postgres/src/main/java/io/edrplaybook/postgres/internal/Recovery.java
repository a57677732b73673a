package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.internal.journal.JournalCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ends the runs of dead engines: each open run of a dead engine is taken by one surviving engine
 * only (its open row is deleted under {@code FOR UPDATE SKIP LOCKED}, so two survivors never take
 * the same one and never wait for each other), marked {@code INTERRUPTED} on its key and given its
 * terminal record, in one transaction per batch. Claims the dead engines never started are given
 * back.
 */
public final class Recovery {
  private static final int BATCH = 500;

  private final Db db;
  private final String take;
  private final String interrupt;
  private final String record;
  private final String giveBack;

  /** Prepares the statements for {@code tables}. */
  public Recovery(Db db, Tables tables) {
    this.db = db;
    this.take = tables.sql("""
        WITH v AS (
          SELECT invocation_id FROM ${t}open_runs WHERE engine = ANY (?)
          ORDER BY invocation_id LIMIT ? FOR UPDATE SKIP LOCKED)
        DELETE FROM ${t}open_runs o USING v WHERE o.invocation_id = v.invocation_id
        RETURNING o.engine, o.entry""");
    this.interrupt = tables.sql("UPDATE ${t}runs SET last_status = 'INTERRUPTED' WHERE organization = ? "
        + "AND event_id = ? AND classification = ? AND action = ? AND connector = ? AND holder = ? "
        + "AND last_status IS NULL");
    this.record = tables.sql("INSERT INTO ${t}history (organization, event_id, kind, invocation_id, at, entry) "
        + "VALUES (?, ?, 'result', ?, ?, ?) ON CONFLICT (invocation_id) WHERE kind = 'result' DO NOTHING");
    this.giveBack = tables.sql("DELETE FROM ${t}runs WHERE engine = ANY (?) AND NOT started "
        + "AND last_status IS NULL");
  }

  /**
   * Ends the open runs of {@code deadEngines} and gives back their unstarted claims.
   *
   * @return the terminal records this call wrote
   */
  public List<InvocationResult> recover(List<String> deadEngines, Instant now) {
    List<InvocationResult> out = new ArrayList<>();
    if (deadEngines.isEmpty()) {
      return out;
    }
    int taken;
    do {
      List<InvocationResult> batch = db.transaction("record the runs of stopped engines "
          + deadEngines + " as interrupted", c -> batch(c, deadEngines, now));
      taken = batch.size();
      out.addAll(batch.stream().filter(r -> r != null).toList());
    } while (taken == BATCH);
    db.call("give back the unstarted claims of stopped engines " + deadEngines, c -> {
      try (PreparedStatement p = Db.prepare(c, giveBack)) {
        p.setArray(1, c.createArrayOf("text", deadEngines.toArray()));
        return p.executeUpdate();
      }
    });
    return out;
  }

  /** One batch; its list holds null for a run that already had its terminal record. */
  private List<InvocationResult> batch(Connection c, List<String> dead, Instant now) throws SQLException {
    List<Map.Entry<String, Invocation>> taken = new ArrayList<>();
    try (PreparedStatement p = Db.prepare(c, take)) {
      p.setArray(1, c.createArrayOf("text", dead.toArray()));
      p.setInt(2, BATCH);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          HistoryEntry e = JournalCodec.decode(rs.getString(2));
          taken.add(Map.entry(rs.getString(1), ((InvocationStarted) e).invocation()));
        }
      }
    }
    if (taken.isEmpty()) {
      return List.of();
    }
    List<InvocationResult> results = new ArrayList<>(taken.size());
    try (PreparedStatement u = Db.prepare(c, interrupt); PreparedStatement h = Db.prepare(c, record)) {
      for (Map.Entry<String, Invocation> t : taken) {
        Invocation i = t.getValue();
        InvocationResult r = InvocationResult.notRun(i, InvocationStatus.INTERRUPTED, now,
            "interrupted: the run started but its engine (" + t.getKey() + ") stopped before it ended; "
                + "its outcome is unknown");
        results.add(r);
        if (!i.test()) {
          RunStore.bindKeyAt(u, 1, i.runKey());
          u.setString(6, i.id());
          u.addBatch();
        }
        Rows.bind(h, i.organization(), i.eventId(), i.id(), r.time(), JournalCodec.encode(r));
        h.addBatch();
      }
      u.executeBatch();
      int[] written = h.executeBatch();
      for (int k = 0; k < written.length; k++) {
        if (written[k] == 0) {
          results.set(k, null); // its engine's answer came first
        }
      }
    }
    return results;
  }
}
