/** A journal on PostgreSQL: several engines share run state, history and connector limits. */
module io.edrplaybook.postgres {
  requires transitive io.edrplaybook.api;
  requires transitive java.sql;
  requires io.edrplaybook.core;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires org.postgresql.jdbc;

  exports io.edrplaybook.postgres;
}
