/**
 * The PostgreSQL journal's internals: its tables and migrations, the statements of each part of the
 * journal (events, runs, recovery, connector slots, retention) and the engine heartbeat. Not API.
 */
package io.edrplaybook.postgres.internal;
