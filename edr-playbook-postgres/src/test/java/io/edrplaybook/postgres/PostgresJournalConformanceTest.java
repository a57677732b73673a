package io.edrplaybook.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.testkit.ExecutionJournalConformanceKit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The PostgreSQL journal keeps the journal contract. Each test has a database of its own (one per
 * kit directory); each journal opened is another engine on it. An abrupt stop cuts the engine's
 * connections, as a dead process would, and ages its heartbeat past the dead-after bound.
 */
class PostgresJournalConformanceTest extends ExecutionJournalConformanceKit {
  private static final Map<Path, HikariDataSource> POOLS = new HashMap<>();
  private static final List<HikariDataSource> ALL = new ArrayList<>();
  private final Map<ExecutionJournal, CuttableDataSource> sources = new HashMap<>();

  @Override
  protected ExecutionJournal open(Path dir) {
    HikariDataSource pool;
    synchronized (POOLS) {
      pool = POOLS.computeIfAbsent(dir, d -> {
        HikariDataSource p = Databases.fresh();
        ALL.add(p);
        return p;
      });
    }
    CuttableDataSource source = new CuttableDataSource(pool);
    PostgresJournal j = PostgresJournal.builder(source).open();
    sources.put(j, source);
    return j;
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected boolean shared() {
    return true;
  }

  @Override
  protected void stopAbruptly(ExecutionJournal journal) {
    sources.get(journal).cut();
    // the dead-after bound passes: what the surviving engines see of a node that died
    try (Connection c = POOLS.get(dir).getConnection();
        PreparedStatement p = c.prepareStatement(
            "UPDATE edr_engines SET heartbeat_at = now() - interval '1 hour' WHERE engine_id = ?")) {
      p.setString(1, ((PostgresJournal) journal).engineId());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void closePools() {
    ALL.forEach(HikariDataSource::close);
  }
}
