package io.edrplaybook.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Pools and journals on the test server, each test on a database of its own. */
final class Databases {
  private Databases() {}

  /** Returns a pool on a new, empty database of the shared test server. */
  static HikariDataSource fresh() {
    return pool(PostgresServer.shared().newDatabase());
  }

  /** Returns a pool on {@code url}. */
  static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    config.setPoolName("edr-test");
    return new HikariDataSource(config);
  }

  /** A journal builder with a short heartbeat, for tests that take an engine for dead. */
  static PostgresJournal.Builder quick(javax.sql.DataSource ds) {
    return PostgresJournal.builder(ds).heartbeatInterval(Duration.ofMillis(200)).deadAfter(Duration.ofMillis(1000));
  }
}
