/**
 * What plugin authors implement: {@link io.edrplaybook.spi.ScriptRunnerProvider} and
 * {@link io.edrplaybook.spi.ScriptRunner} to run action scripts somewhere new,
 * {@link io.edrplaybook.spi.ExecutionJournal} to keep history elsewhere,
 * {@link io.edrplaybook.spi.SecretResolver} for another kind of secret reference, and
 * {@link io.edrplaybook.spi.PlaybookListener} to observe the engine.
 *
 * <p>Runner providers are found with {@link java.util.ServiceLoader}; register yours in
 * {@code META-INF/services/io.edrplaybook.spi.ScriptRunnerProvider} (or with {@code @AutoService}).
 * Check a new runner with the runner conformance kit in {@code edr-playbook-testkit}.
 */
package io.edrplaybook.spi;
