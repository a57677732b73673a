/**
 * What users test with.
 *
 * <p>The <b>playbook test kit</b>: {@link io.edrplaybook.testkit.PlaybookTestKit} builds or loads
 * a configuration, runs it on a {@link io.edrplaybook.testkit.RecordingRunner} (or on real runners
 * against a {@link io.edrplaybook.testkit.FakeHttpEndpoint}), submits events and asserts which
 * action ran on which connector with which {@code ctx}.
 *
 * <p>The <b>runner conformance kit</b>: {@link io.edrplaybook.testkit.ScriptRunnerConformanceKit},
 * an abstract JUnit 5 suite with its corpus of scripts, which every Python
 * {@link io.edrplaybook.spi.ScriptRunner} subclasses in a few lines to prove it keeps the script
 * contract; its lifecycle part, {@link io.edrplaybook.testkit.ScriptRunnerLifecycleKit}, runs no
 * Python and is what a runner of another language subclasses.
 *
 * <p>The <b>journal conformance kit</b>:
 * {@link io.edrplaybook.testkit.ExecutionJournalConformanceKit}, an abstract JUnit 5 suite which
 * every {@link io.edrplaybook.spi.ExecutionJournal} subclasses in a few lines, declaring what it
 * can do (durable, shared), to prove it keeps the journal contract: claims, classification,
 * open runs after a stop, history, retention and failures.
 */
package io.edrplaybook.testkit;
