package io.edrplaybook.postgres.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of engines sharing the journal: each registers itself and beats (an upsert of its
 * row with the database's clock, so the nodes' clocks never matter); an engine whose beat is older
 * than the dead-after bound, or that closed, is dead and its runs are recovered by the others.
 */
public final class Engines {
  private final Db db;
  private final String engine;
  private final String host;
  private final Duration deadAfter;
  private final String beat;
  private final String stop;
  private final String dead;
  private final String forget;

  /** Prepares the statements of {@code engine}. */
  public Engines(Db db, Tables tables, String engine, String host, Duration deadAfter) {
    this.db = db;
    this.engine = engine;
    this.host = host;
    this.deadAfter = deadAfter;
    this.beat = tables.sql("INSERT INTO ${t}engines (engine_id, host) VALUES (?, ?) "
        + "ON CONFLICT (engine_id) DO UPDATE SET heartbeat_at = now()");
    this.stop = tables.sql("UPDATE ${t}engines SET heartbeat_at = '-infinity' WHERE engine_id = ?");
    this.dead = tables.sql("SELECT engine_id FROM ${t}engines WHERE engine_id <> ? "
        + "AND heartbeat_at < now() - make_interval(secs => ?) ORDER BY engine_id");
    this.forget = tables.sql("""
        DELETE FROM ${t}engines e WHERE e.engine_id = ANY (?)
          AND e.heartbeat_at < now() - make_interval(secs => ?)
          AND NOT EXISTS (SELECT 1 FROM ${t}open_runs o WHERE o.engine = e.engine_id)
          AND NOT EXISTS (SELECT 1 FROM ${t}runs r
                          WHERE r.engine = e.engine_id AND NOT r.started AND r.last_status IS NULL)""");
  }

  /** Returns this engine's id. */
  public String engine() {
    return engine;
  }

  /** Registers this engine, or renews its heartbeat. */
  public void beat() {
    db.callWhileClosing("record the heartbeat of engine " + engine, c -> {
      try (PreparedStatement p = Rows.bind(Db.prepare(c, beat), engine, host)) {
        return p.executeUpdate();
      }
    });
  }

  /** Marks this engine stopped: the others take over whatever it left open at once. */
  public void stop() {
    db.callWhileClosing("record that engine " + engine + " stopped", c -> {
      try (PreparedStatement p = Rows.bind(Db.prepare(c, stop), engine)) {
        return p.executeUpdate();
      }
    });
  }

  /** Returns the other engines that are dead: stopped, or silent for longer than the bound. */
  public List<String> dead() {
    return db.call("find engines that stopped", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement p = Rows.bind(Db.prepare(c, dead), engine, seconds());
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  /** Removes dead engines that left nothing behind. */
  public void forget(List<String> engines) {
    db.call("remove stopped engines from the registry", c -> {
      try (PreparedStatement p = Db.prepare(c, forget)) {
        p.setArray(1, c.createArrayOf("text", engines.toArray()));
        p.setDouble(2, seconds());
        return p.executeUpdate();
      }
    });
  }

  private double seconds() {
    return deadAfter.toNanos() / 1e9;
  }
}
