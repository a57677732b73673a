package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.PlaybookEngine;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationLoader;
import io.edrplaybook.core.CorePlaybookEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine finds the jython runner with ServiceLoader (nothing registered by hand) and runs a
 * playbook end to end on it: scripts from files, ctx from the configuration, results in history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JythonEngineIntegrationTest {
  // three slots: the three actions of an event run at once, and a call that cannot get a slot
  // within its deadline is refused
  private static final String CONFIG = """
      {
        "organizations": [{"name": "acme"}],
        "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
        "actions": [
          {"organization": "acme", "name": "Notify", "scripts": [{"name": "notify", "file": "scripts/notify.py"}]},
          {"organization": "acme", "name": "Block", "scripts": [{"name": "block", "file": "scripts/block.py"}]},
          {"organization": "acme", "name": "Hang", "scripts": [{"name": "hang", "file": "scripts/hang.py"}],
           "timeout": "PT0.3S"}
        ],
        "connectors": [
          {"organization": "acme", "name": "SOC Chat", "type": "CUSTOM", "jumpBox": "jb-1",
           "host": "chat.example", "port": 443, "apiKey": "k-123",
           "actions": [{"action": "Notify", "params": {"channel": "#soc"}}, {"action": "Hang"}]},
          {"organization": "acme", "name": "Edge FW", "type": "FIREWALL", "jumpBox": "jb-1",
           "host": "10.0.0.1", "port": 8443, "credentials": {"username": "api", "password": "pw"},
           "actions": [{"action": "Block"}]}
        ],
        "playbooks": [
          {"organization": "acme", "name": "Default", "default": true, "collectorGroups": [],
           "rules": [{"section": "NOTIFICATIONS", "action": "Notify", "classifications": ["MALICIOUS"], "connectors": "ALL"},
                     {"section": "REMEDIATION", "action": "Block", "classifications": ["MALICIOUS"], "connectors": "ALL"},
                     {"section": "CUSTOM", "action": "Hang", "classifications": ["MALICIOUS"], "connectors": "ALL"}]}
        ],
        "runners": {"default": "jython", "jython": {"poolSize": 3, "warmUp": false}}
      }
      """;
  private static final String NOTIFY = """
      from __future__ import print_function

      def run(ctx):
          print(u"notifying " + ctx["params"]["channel"])
          return {"message": u"Told " + ctx["params"]["channel"] + u" about " + ctx["event"]["device"]["name"],
                  "classification": ctx["event"]["classification"], "port": ctx["connector"]["port"]}

      def test(ctx):
          return {"message": u"test ok", "test": ctx["test"]}
      """;
  private static final String BLOCK = """
      class FirewallRefused(Exception):
          pass

      def run(ctx):
          raise FirewallRefused(u"address " + ctx["event"]["device"]["address"] + u" is protected")
      """;
  private static final String HANG = "def run(ctx):\n    while True:\n        pass\n";

  @TempDir
  static Path dir;
  private PlaybookEngine engine;

  @BeforeAll
  void start() throws IOException {
    Files.createDirectories(dir.resolve("scripts"));
    Files.writeString(dir.resolve("scripts/notify.py"), NOTIFY);
    Files.writeString(dir.resolve("scripts/block.py"), BLOCK);
    Files.writeString(dir.resolve("scripts/hang.py"), HANG);
    Files.writeString(dir.resolve("config.json"), CONFIG);
    ConfigurationFile file = ConfigurationLoader.create().load(dir.resolve("config.json"));
    CorePlaybookEngine.Builder builder = CorePlaybookEngine.builder().configuration(file.configuration());
    file.runnerSettings().values().forEach(builder::runnerSettings);
    file.defaultRunner().ifPresent(builder::defaultRunner);
    engine = builder.build();
  }

  @AfterAll
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  private EventOutcome submit(String id) {
    SecurityEvent event = SecurityEvent.builder().id(id).organization("acme")
        .device(io.edrplaybook.api.Device.of("LAPTOP-7", "Finance", "10.1.2.3", "Windows 11"))
        .classification(Classification.MALICIOUS).time(Instant.parse("2026-01-01T00:00:00Z")).build();
    return engine.submit(event).toCompletableFuture().join();
  }

  @Test
  void aPlaybookRunsEndToEndOnTheDiscoveredJythonRunner() {
    InvocationResult notify = submit("ev-1").result("Notify", "SOC Chat").orElseThrow();
    assertEquals(InvocationStatus.SUCCEEDED, notify.status(), notify::toString);
    assertEquals("Told #soc about LAPTOP-7", notify.message());
    assertEquals(Map.of("message", "Told #soc about LAPTOP-7", "classification", "MALICIOUS", "port", 443L),
        notify.result().orElseThrow());
    assertTrue(notify.output().contains("notifying #soc"), notify::output);
  }

  @Test
  void aScriptThatRaisesIsRecordedAsFailedWithItsFileAndLine() {
    InvocationResult block = submit("ev-2").result("Block", "Edge FW").orElseThrow();
    assertEquals(InvocationStatus.FAILED, block.status(), block::toString);
    var error = block.error().orElseThrow();
    assertEquals("FirewallRefused", error.type());
    assertEquals("address 10.1.2.3 is protected", error.message());
    assertTrue(error.traceback().contains("block.py\", line 5, in run"), error::traceback);
  }

  @Test
  void aScriptPastItsDeadlineIsRecordedAsTimedOut() {
    InvocationResult hang = submit("ev-3").result("Hang", "SOC Chat").orElseThrow();
    assertEquals(InvocationStatus.TIMED_OUT, hang.status(), hang::toString);
  }

  @Test
  void theTestButtonRunsTheScriptsTestFunction() {
    InvocationResult result = engine.test("acme", "SOC Chat", "Notify").toCompletableFuture().join();
    assertEquals(InvocationStatus.SUCCEEDED, result.status(), result::toString);
    assertEquals(Map.of("message", "test ok", "test", true), result.result().orElseThrow());
  }

  @Test
  void aScriptWithASyntaxErrorIsRefusedWhenTheConfigurationIsApplied() throws IOException {
    Path broken = dir.resolve("broken");
    Files.createDirectories(broken.resolve("scripts"));
    Files.writeString(broken.resolve("scripts/notify.py"), "def run(ctx):\n    return {\n\ndef x(:\n");
    Files.writeString(broken.resolve("scripts/block.py"), BLOCK);
    Files.writeString(broken.resolve("scripts/hang.py"), HANG);
    Files.writeString(broken.resolve("config.json"), CONFIG);
    ConfigurationFile file = ConfigurationLoader.create().load(broken.resolve("config.json"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.configure(file.configuration()));
    assertTrue(e.getMessage().contains("notify.py"), e::getMessage);
  }
}
