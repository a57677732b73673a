package io.edrplaybook.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular host ({@code requires io.edrplaybook.core;}) runs scripts with the runners it finds on
 * the module path; nothing is on the class path.
 */
class ModularHostTest {
  /** core and what it requires: the api, SLF4J's api (no binding), Jackson and SnakeYAML. */
  private static final String CORE = "edr-playbook-(api|core)|slf4j-api|jackson-.*|snakeyaml";

  @Test
  @Timeout(200)
  void aModularHostRunsAScriptOnTheCpythonRunner(@TempDir Path dir) throws Exception {
    List<Path> mp = ModularHost.modulePath(Pattern.compile(CORE + "|edr-playbook-subprocess|auto-service-annotations"));
    ModularHost.Run run = ModularHost.run(dir, mp, "cpython");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("MODULES host io.edrplaybook.core"), run.output());
    assertTrue(run.output().contains("SCHEMA true"), "the configuration schema is readable from a host module: " + run.output());
    assertTrue(run.output().contains("RUN SUCCEEDED ran on linu 3"), run.output());
    assertTrue(run.output().contains("OUTPUT {\"host\": \"127.0.0.1\"}"), run.output());
  }

  @Test
  @Timeout(200)
  void aModularHostRunsAScriptOnTheJythonRunner(@TempDir Path dir) throws Exception {
    List<Path> mp = ModularHost.modulePath(Pattern.compile(CORE + "|edr-playbook-jython|jython-standalone|auto-service-annotations"));
    ModularHost.Run run = ModularHost.run(dir, mp, "jython");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("RUN SUCCEEDED ran on java 2"), run.output());
    assertTrue(run.output().contains("OUTPUT {\"host\": \"127.0.0.1\"}"), run.output());
  }
}
