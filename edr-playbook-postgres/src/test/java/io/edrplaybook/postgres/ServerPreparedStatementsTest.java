package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.invocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The journal's statements are prepared on the server from their first use on a connection (the
 * driver's default waits for the fifth); a host that turned server-side statements off keeps them
 * off. Each test runs on a pool of one connection, so the test reads the very session the journal
 * wrote on.
 */
class ServerPreparedStatementsTest {
  @Test
  void aClaimIsAServerPreparedStatementFromItsFirstUse() throws SQLException {
    try (HikariDataSource ds = onePool(PostgresServer.shared().newDatabase());
        PostgresJournal j = PostgresJournal.builder(ds).groupCommit(0, 1).open()) {
      assertTrue(j.claim(invocation("ev-1", Classification.MALICIOUS, "isolate", "edr")).granted());
      List<String> prepared = prepared(ds);
      assertTrue(prepared.stream().anyMatch(s -> s.contains("runs") && s.contains("ON CONFLICT DO NOTHING")),
          "the claim is prepared on the server after one use: " + prepared);
    }
  }

  @Test
  void aHostThatTurnedServerSideStatementsOffKeepsThemOff() throws SQLException {
    String url = PostgresServer.shared().newDatabase();
    try (HikariDataSource ds = onePool(url + (url.contains("?") ? "&" : "?") + "prepareThreshold=0");
        PostgresJournal j = PostgresJournal.builder(ds).groupCommit(0, 1).open()) {
      for (int k = 0; k < 6; k++) {
        assertTrue(j.claim(invocation("ev-" + k, Classification.MALICIOUS, "isolate", "edr")).granted());
      }
      assertEquals(List.of(), prepared(ds), "prepareThreshold=0: nothing is prepared on the server");
    }
  }

  private static HikariDataSource onePool(String url) {
    HikariDataSource ds = Databases.pool(url);
    ds.setMaximumPoolSize(1);
    return ds;
  }

  private static List<String> prepared(HikariDataSource ds) throws SQLException {
    List<String> statements = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT statement FROM pg_prepared_statements")) {
      while (rs.next()) {
        statements.add(rs.getString(1));
      }
    }
    return statements;
  }
}
