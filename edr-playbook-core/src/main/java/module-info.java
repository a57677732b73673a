/**
 * The engine ({@link io.edrplaybook.core.CorePlaybookEngine}), the configuration loader and
 * writer, and the in-memory and file journals. Script runners are found with
 * {@link java.util.ServiceLoader}: on the module path, a runner module that {@code provides}
 * {@link io.edrplaybook.spi.ScriptRunnerProvider} is found once it is on the module path, without
 * a {@code requires} of the host's.
 */
module io.edrplaybook.core {
  requires transitive io.edrplaybook.api;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;

  exports io.edrplaybook.core;
  // the file journal's record form, shared with the PostgreSQL journal
  exports io.edrplaybook.core.internal.journal to io.edrplaybook.postgres;
  // secret masking, shared with the test kit's messages
  exports io.edrplaybook.core.internal.engine to io.edrplaybook.testkit;

  uses io.edrplaybook.spi.ScriptRunnerProvider;
  uses io.edrplaybook.spi.SecretResolver;
}
