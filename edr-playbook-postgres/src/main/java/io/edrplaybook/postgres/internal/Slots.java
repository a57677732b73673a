package io.edrplaybook.postgres.internal;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.JournalException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connector's cluster-wide run slots: slot rows 1..maxConcurrent, each a lease held by one run
 * and expiring unless its engine renews it (with its heartbeat). A dead engine stops renewing, so
 * its slots come back after the dead-after bound. Taking a slot is one statement: the first free or
 * expired slot number, inserted or taken over only when still expired.
 */
public final class Slots {
  private final Db db;
  private final String engine;
  private final Duration lease;
  private final String acquire;
  private final String holds;
  private final String release;
  private final String renew;
  private final String releaseAll;
  /** Invocation id → connector: the slots this engine holds, renewed with each heartbeat. */
  private final ConcurrentHashMap<String, String> held = new ConcurrentHashMap<>();
  /** Invocation id → connector: slots whose release failed, given back at the next heartbeat. */
  private final ConcurrentHashMap<String, String> unreleased = new ConcurrentHashMap<>();

  /** Prepares the statements of {@code engine}; leases last {@code lease} unless renewed. */
  public Slots(Db db, Tables tables, String engine, Duration lease) {
    this.db = db;
    this.engine = engine;
    this.lease = lease;
    this.acquire = tables.sql("""
        WITH free AS (
          SELECT g AS slot FROM generate_series(1, ?) g
          WHERE NOT EXISTS (SELECT 1 FROM ${t}connector_slots s
                            WHERE s.connector = ? AND s.slot = g AND s.expires_at > now())
          ORDER BY random() LIMIT 1)
        INSERT INTO ${t}connector_slots AS s (connector, slot, invocation_id, engine, expires_at)
        SELECT ?, slot, ?, ?, now() + make_interval(secs => ?) FROM free
        ON CONFLICT (connector, slot) DO UPDATE
          SET invocation_id = excluded.invocation_id, engine = excluded.engine, expires_at = excluded.expires_at
          WHERE s.expires_at <= now()
        RETURNING slot""");
    this.holds = tables.sql("SELECT 1 FROM ${t}connector_slots WHERE connector = ? AND invocation_id = ? "
        + "AND slot <= ? AND expires_at > now()");
    this.release = tables.sql("DELETE FROM ${t}connector_slots WHERE connector = ? AND invocation_id = ?");
    this.renew = tables.sql("UPDATE ${t}connector_slots SET expires_at = now() + make_interval(secs => ?) "
        + "WHERE engine = ? AND invocation_id = ANY (?)");
    this.releaseAll = tables.sql("DELETE FROM ${t}connector_slots WHERE engine = ?");
  }

  /** See {@code ExecutionJournal.acquireConnectorSlot}. */
  public boolean acquire(Invocation invocation, int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
    }
    String connector = invocation.connector();
    boolean taken = db.call("take a run slot of connector " + connector + " for run " + invocation.id(), c -> {
      try (PreparedStatement p = Rows.bind(Db.prepare(c, holds), connector, invocation.id(), maxConcurrent);
          ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          return true; // asked twice: it already holds one
        }
      }
      try (PreparedStatement p = Rows.bind(Db.prepare(c, acquire), maxConcurrent, connector, connector,
          invocation.id(), engine, seconds());
          ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    });
    if (taken) {
      held.put(invocation.id(), connector);
    }
    return taken;
  }

  /** See {@code ExecutionJournal.releaseConnectorSlot}: never throws; a failed release is retried. */
  public void release(Invocation invocation) {
    held.remove(invocation.id());
    String connector = invocation.connector();
    try {
      give(connector, invocation.id());
    } catch (JournalException e) {
      // no longer renewed, so it expires in any case; the next heartbeat gives it back sooner
      unreleased.put(invocation.id(), connector);
    }
  }

  /** Renews this engine's leases and retries failed releases: called with each heartbeat. */
  public void renew() {
    if (!held.isEmpty()) {
      String[] ids = held.keySet().toArray(String[]::new);
      db.callWhileClosing("renew the run slots of engine " + engine, c -> {
        try (PreparedStatement p = Db.prepare(c, renew)) {
          p.setDouble(1, seconds());
          p.setString(2, engine);
          p.setArray(3, c.createArrayOf("text", ids));
          return p.executeUpdate();
        }
      });
    }
    for (String id : Set.copyOf(unreleased.keySet())) {
      give(unreleased.get(id), id);
      unreleased.remove(id);
    }
  }

  /** Gives back every slot of this engine: it is closing. */
  public void releaseAll() {
    held.clear();
    unreleased.clear();
    db.callWhileClosing("give back the run slots of engine " + engine, c -> {
      try (PreparedStatement p = Rows.bind(Db.prepare(c, releaseAll), engine)) {
        return p.executeUpdate();
      }
    });
  }

  private void give(String connector, String invocationId) {
    db.callWhileClosing("give back the run slot of connector " + connector + " held by run " + invocationId, c -> {
      try (PreparedStatement p = Rows.bind(Db.prepare(c, release), connector, invocationId)) {
        return p.executeUpdate();
      }
    });
  }

  private double seconds() {
    return lease.toNanos() / 1e9;
  }
}
