/**
 * The in-memory engine and what comes with it: {@link io.edrplaybook.core.CorePlaybookEngine}
 * (build one with its builder), the journals ({@link io.edrplaybook.core.InMemoryJournal},
 * the durable {@link io.edrplaybook.core.FileJournal}), and configuration as code
 * ({@link io.edrplaybook.core.ConfigurationLoader} for JSON and YAML,
 * {@link io.edrplaybook.core.ConfigurationWriter} for export).
 */
package io.edrplaybook.core;
