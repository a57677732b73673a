/**
 * The PostgreSQL journal: several engines, one database. Open it with
 * {@link io.edrplaybook.postgres.PostgresJournal#builder(javax.sql.DataSource)} and hand it to each
 * engine of the cluster.
 */
package io.edrplaybook.postgres;
