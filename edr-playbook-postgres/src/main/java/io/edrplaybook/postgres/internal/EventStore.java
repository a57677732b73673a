package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.core.internal.journal.JournalCodec;
import io.edrplaybook.spi.Classified;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An event's classification and its history. A classification is one statement (written through
 * the {@link GroupCommit}, in the transaction of a batch of concurrent writes): an upsert of the
 * event's row that changes it only when the classification differs (the row lock serializes two
 * engines classifying one event) and, when it changed, the history row — in one round trip.
 */
public final class EventStore {
  private final Db db;
  private final GroupCommit group;
  private final String classify;
  private final String classifyBatch;
  private final String states;
  private final String state;
  private final String history;

  /** Prepares the statements for {@code tables}. */
  public EventStore(Db db, GroupCommit group, Tables tables) {
    this.db = db;
    this.group = group;
    // the event's row: inserted, or updated only when the classification changed; returns the
    // classification before (NULL for a new event) when it wrote, no row when it was unchanged
    String upsert = """
        WITH up AS (
          INSERT INTO ${t}events AS e (organization, event_id, current_class, previous_class, classified_at)
          VALUES (?, ?, ?, NULL, ?)
          ON CONFLICT (organization, event_id) DO UPDATE
            SET previous_class = e.current_class, current_class = excluded.current_class,
                classified_at = excluded.classified_at
            WHERE e.current_class <> excluded.current_class
          RETURNING previous_class)""";
    String historyRow = """
        INSERT INTO ${t}history (organization, event_id, kind, previous_class, at, entry)
        SELECT ?, ?, 'classification', previous_class, ?, ? FROM up""";
    // alone: the change and its history row in one round trip, and what it changed from
    this.classify = tables.sql(upsert + ",\nh AS (\n" + historyRow + "\n  RETURNING seq)\n"
        + "SELECT up.previous_class, (SELECT count(*) FROM h) FROM up");
    // in a batch: the update count says whether it changed; one read after the batch says from what
    this.classifyBatch = tables.sql(upsert + "\n" + historyRow);
    // a lookup by primary key per event, whatever the statistics said when the plan was cached
    this.states = tables.sql("""
        SELECT k.organization, k.event_id, e.current_class, e.previous_class
        FROM unnest(?::text[], ?::text[]) AS k (organization, event_id)
        CROSS JOIN LATERAL (
          SELECT current_class, previous_class FROM ${t}events e
          WHERE e.organization = k.organization AND e.event_id = k.event_id LIMIT 1) e""");
    this.state = tables.sql(
        "SELECT current_class, previous_class FROM ${t}events WHERE organization = ? AND event_id = ?");
    this.history = tables.sql("SELECT kind, previous_class, entry FROM ${t}history "
        + "WHERE organization = ? AND event_id = ? ORDER BY seq");
  }

  /** See {@code ExecutionJournal.classify}. */
  public Classified classify(ClassificationChange change) {
    return group.write(classifyWrite(change));
  }

  /** The write of a classification, for the group commit (alone or a part of a compound write). */
  public Write<Classified> classifyWrite(ClassificationChange change) {
    // the entry is stored without its previous classification: the upsert decides it, in SQL
    return new ClassifyWrite(change, withPrevious(change, Optional.empty()));
  }

  /** A classification through the group commit; a batch of them reads their outcomes in one query. */
  private final class ClassifyWrite extends Write<Classified> {
    private final ClassificationChange change;
    private final EventKey key;
    private final String json;

    ClassifyWrite(ClassificationChange change, ClassificationChange stored) {
      super(Kind.CLASSIFY, change.eventKey().organization() + '\u0000' + change.eventKey().eventId(),
          "classify event " + change.eventKey());
      this.change = change;
      this.key = change.eventKey();
      this.json = JournalCodec.encode(stored);
    }

    @Override
    protected String batchSql() {
      return classifyBatch;
    }

    @Override
    protected void bind(PreparedStatement p) throws SQLException {
      Rows.bind(p, key.organization(), key.eventId(), change.classification(), change.time(), key.organization(),
          key.eventId(), change.time(), json);
    }

    @Override
    protected Classified counted(int count) {
      throw new IllegalStateException("a classification's outcome is read after its batch");
    }

    @Override
    protected GroupRead groupRead() {
      return EventStore.this::readOutcomes;
    }

    @Override
    protected Classified alone(Connection c) throws SQLException {
      try (PreparedStatement p = Db.prepare(c, classify)) {
        bind(p);
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            return changed(classification(rs.getString(1)));
          }
        }
      }
      // unchanged: the event already had this classification
      EventState now = read(c, key).orElseThrow(() -> new SQLException(
          "event " + key + " was neither classified nor found", "P0002"));
      return new Classified(now, Optional.empty());
    }

    Classified changed(Optional<Classification> previous) {
      EventState after = new EventState(key, change.classification(), previous);
      return new Classified(after, Optional.of(withPrevious(change, previous)));
    }
  }

  /** After a batch of classifications (one per event): each event's state, in one query. */
  private void readOutcomes(Connection c, List<Write<?>> writes, int[] counts, Object[] out, int from)
      throws SQLException {
    String[] orgs = new String[writes.size()];
    String[] ids = new String[writes.size()];
    for (int k = 0; k < orgs.length; k++) {
      EventKey key = ((ClassifyWrite) writes.get(k)).key;
      orgs[k] = key.organization();
      ids[k] = key.eventId();
    }
    java.util.Map<EventKey, String[]> found = new java.util.HashMap<>();
    try (PreparedStatement p = Db.prepare(c, states)) {
      p.setArray(1, c.createArrayOf("text", orgs));
      p.setArray(2, c.createArrayOf("text", ids));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          found.put(new EventKey(rs.getString(1), rs.getString(2)), new String[] {rs.getString(3), rs.getString(4)});
        }
      }
    }
    for (int k = 0; k < orgs.length; k++) {
      ClassifyWrite w = (ClassifyWrite) writes.get(k);
      String[] row = found.get(w.key);
      if (row == null) {
        throw new SQLException("event " + w.key + " was neither classified nor found", "P0002");
      }
      // changed: the row's previous classification is the one it had before this write (one write per event)
      out[from + k] = counts[k] == 1 ? w.changed(classification(row[1]))
          : new Classified(new EventState(w.key, Classification.valueOf(row[0]), classification(row[1])),
              Optional.empty());
    }
  }

  /** See {@code ExecutionJournal.event}. */
  public Optional<EventState> event(EventKey key) {
    return db.call("read event " + key, c -> read(c, key));
  }

  /** See {@code ExecutionJournal.history}. */
  public List<HistoryEntry> history(EventKey key) {
    return db.call("read the history of event " + key, c -> {
      List<HistoryEntry> out = new ArrayList<>();
      try (PreparedStatement p = Rows.bind(Db.prepare(c, history), key.organization(), key.eventId());
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(entry(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      return out;
    });
  }

  /** Decodes a history row: a classification gets its previous classification from its column. */
  static HistoryEntry entry(String kind, String previous, String json) {
    HistoryEntry e = JournalCodec.decode(json);
    if ("classification".equals(kind) && e instanceof ClassificationChange c) {
      return withPrevious(c, classification(previous));
    }
    return e;
  }

  private Optional<EventState> read(Connection c, EventKey key) throws SQLException {
    try (PreparedStatement p = Rows.bind(Db.prepare(c, state), key.organization(), key.eventId());
        ResultSet rs = p.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new EventState(key, Classification.valueOf(rs.getString(1)),
          classification(rs.getString(2))));
    }
  }

  private static Optional<Classification> classification(String name) {
    return name == null ? Optional.empty() : Optional.of(Classification.valueOf(name));
  }

  private static ClassificationChange withPrevious(ClassificationChange c, Optional<Classification> previous) {
    return new ClassificationChange(c.eventId(), c.organization(), c.classification(), previous, c.time(),
        c.playbook(), c.note());
  }
}
