package io.edrplaybook.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  @Test
  void newDatabaseIsEmptyAndAcceptsWrites() throws SQLException {
    String url = PostgresServer.shared().newDatabase();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x int)");
      s.execute("INSERT INTO t VALUES (42)");
      try (ResultSet rs = s.executeQuery("SELECT x FROM t")) {
        rs.next();
        assertEquals(42, rs.getInt(1));
      }
    }
  }

  @Test
  void twoDatabasesAreSeparate() {
    assertNotEquals(PostgresServer.shared().newDatabase(), PostgresServer.shared().newDatabase());
  }

  @Test
  void stoppedServerRefusesAndRestartedServerAccepts() throws SQLException {
    try (PostgresServer own = PostgresServer.start()) {
      String url = own.newDatabase();
      own.stop();
      assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
      own.restart();
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
        assertEquals(1, rs.getInt(1));
      }
    }
  }
}
