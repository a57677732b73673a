/**
 * Unit tests of playbooks ({@link io.edrplaybook.testkit.PlaybookTestKit}) and conformance kits
 * for plugins (script runners, journals).
 *
 * <p>{@code io.edrplaybook.testkit} is open: the conformance kits are JUnit test classes that a
 * plugin's tests extend, and JUnit reaches their test methods by reflection.
 */
module io.edrplaybook.testkit {
  requires transitive io.edrplaybook.api;
  requires transitive io.edrplaybook.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires org.slf4j;
  requires jdk.httpserver;

  exports io.edrplaybook.testkit;
  opens io.edrplaybook.testkit;

  uses io.edrplaybook.spi.ScriptRunnerProvider;
}
