package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.core.internal.journal.JournalCodec;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.RunClaim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A submission written alone (no other write to share a batch with): the classification and the
 * claims of its runs as one statement, in one round trip and one commit, all of it or none. The
 * statement's result says whether the event changed and from what, which claims were granted, and
 * how far the held ones got (as of the statement's start: a key taken meanwhile reads as held, not
 * ended). Only an unchanged event whose row the statement could not see (classified by another
 * engine meanwhile) costs a second read.
 */
public final class Submission {
  private final String sql;
  private final EventStore events;

  /** Prepares the statement for {@code tables}. */
  public Submission(Tables tables, EventStore events) {
    this.events = events;
    this.sql = tables.sql("""
        WITH up AS (
          INSERT INTO ${t}events AS e (organization, event_id, current_class, previous_class, classified_at)
          VALUES (?, ?, ?, NULL, ?)
          ON CONFLICT (organization, event_id) DO UPDATE
            SET previous_class = e.current_class, current_class = excluded.current_class,
                classified_at = excluded.classified_at
            WHERE e.current_class <> excluded.current_class
          RETURNING previous_class),
        h AS (
          INSERT INTO ${t}history (organization, event_id, kind, previous_class, at, entry)
          SELECT ?, ?, 'classification', previous_class, ?, ? FROM up
          RETURNING 1),
        k AS (
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
            WITH ORDINALITY AS k (organization, event_id, classification, action, connector, holder, n)),
        c AS (
          INSERT INTO ${t}runs (organization, event_id, classification, action, connector, holder, engine,
                                claimed_at)
          SELECT organization, event_id, classification, action, connector, holder, ?, ? FROM k ORDER BY n
          ON CONFLICT DO NOTHING
          RETURNING holder)
        SELECT 'event', (SELECT count(*) FROM up)::text, (SELECT previous_class FROM up), e.current_class,
               e.previous_class
        FROM (SELECT 1) AS one
          LEFT JOIN ${t}events e ON e.organization = ? AND e.event_id = ?
        WHERE (SELECT count(*) FROM h) >= 0
        UNION ALL
        SELECT 'granted', holder, NULL, NULL, NULL FROM c
        UNION ALL
        SELECT 'held', k.holder, r.last_status, NULL, NULL
        FROM k JOIN ${t}runs r ON r.organization = k.organization AND r.event_id = k.event_id
          AND r.classification = k.classification AND r.action = k.action AND r.connector = k.connector""");
  }

  /** The statement's work for {@code change} and {@code claims}, claimed for {@code engine} at {@code now}. */
  public Db.Work<Classified> work(ClassificationChange change, List<Invocation> claims, String engine, Instant now) {
    return c -> write(c, change, claims, engine, now);
  }

  private Classified write(Connection c, ClassificationChange change, List<Invocation> claims, String engine,
      Instant now) throws SQLException {
    EventKey key = change.eventKey();
    String[][] columns = new String[6][claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      RunKey run = claims.get(i).runKey();
      columns[0][i] = run.event().organization();
      columns[1][i] = run.event().eventId();
      columns[2][i] = run.classification().name();
      columns[3][i] = run.action();
      columns[4][i] = run.connector();
      columns[5][i] = claims.get(i).id();
    }
    boolean changed = false;
    String previousIfChanged = null;
    String current = null;
    String previous = null;
    Set<String> granted = new HashSet<>();
    Map<String, String> held = new HashMap<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      Rows.bind(p, key.organization(), key.eventId(), change.classification(), change.time(), key.organization(),
          key.eventId(), change.time(), events.storedJson(change));
      for (int col = 0; col < 6; col++) {
        p.setArray(9 + col, c.createArrayOf("text", columns[col]));
      }
      p.setString(15, engine);
      Rows.time(p, 16, now);
      p.setString(17, key.organization());
      p.setString(18, key.eventId());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          switch (rs.getString(1)) {
            case "event" -> {
              changed = "1".equals(rs.getString(2));
              previousIfChanged = rs.getString(3);
              current = rs.getString(4);
              previous = rs.getString(5);
            }
            case "granted" -> granted.add(rs.getString(2));
            default -> held.put(rs.getString(2), rs.getString(3));
          }
        }
      }
    }
    Classified classified;
    if (changed) {
      classified = events.changed(change, previousIfChanged == null ? Optional.empty()
          : Optional.of(Classification.valueOf(previousIfChanged)));
    } else if (change.classification().name().equals(current)) {
      classified = new Classified(new EventState(key, Classification.valueOf(current), previous == null
          ? Optional.empty() : Optional.of(Classification.valueOf(previous))), Optional.empty());
    } else {
      classified = events.unchanged(c, key);
    }
    List<RunClaim> answers = new ArrayList<>(claims.size());
    for (Invocation i : claims) {
      if (granted.contains(i.id())) {
        answers.add(RunClaim.granted(i.runKey()));
      } else {
        String status = held.get(i.id());
        answers.add(RunClaim.held(i.runKey(), status == null ? Optional.empty()
            : Optional.of(InvocationStatus.valueOf(status))));
      }
    }
    return classified.withClaims(answers);
  }
}
