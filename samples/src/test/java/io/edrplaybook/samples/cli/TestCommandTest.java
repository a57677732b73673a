package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {

  @Test
  void theTestButtonRunsTheScriptsTestAndExitsZero() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("basic/config.json"),
        "--connector", "SOC Chat", "--action", "IM Notification");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().startsWith("Test of \"IM Notification\" on \"SOC Chat\" (acme, script chat on jython): SUCCEEDED"),
        r.both());
    assertTrue(r.out().contains("message: chat reachable at chat.example:443"), r.both());
  }

  @Test
  void aScriptWithoutTestIsNotRunButItsConnectorsPortIsChecked(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("scripts"));
    Files.copy(Path.of(CliRun.resource("basic/scripts/block.py")), dir.resolve("scripts/block.py"));
    Files.copy(Path.of(CliRun.resource("basic/scripts/notify.py")), dir.resolve("scripts/notify.py"));
    try (ServerSocket firewall = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String config = Files.readString(Path.of(CliRun.resource("basic/config.json")))
          .replace("\"host\": \"10.0.0.1\", \"port\": 8443", "\"host\": \"127.0.0.1\", \"port\": " + firewall.getLocalPort());
      Files.writeString(dir.resolve("config.json"), config);
      CliRun r = CliRun.of("test", "--config", dir.resolve("config.json").toString(),
          "--connector", "Edge FW", "--action", "Block Address");
      assertEquals(0, r.exit(), r.both());
      assertTrue(r.out().contains("message: the script has no test(ctx); checked that 127.0.0.1:"
          + firewall.getLocalPort() + " answers (TCP connect in "), r.both());
      assertTrue(r.out().contains("run() was not called"), r.both());
      assertFalse(r.out().contains("blocked"), r.both());

      CliRun run = CliRun.of("test", "--config", dir.resolve("config.json").toString(),
          "--connector", "Edge FW", "--action", "Block Address", "--run-script");
      assertEquals(0, run.exit(), run.both());
      assertTrue(run.out().contains("message: run(ctx) was called (the script has no test(ctx)): blocked 192.0.2.10"),
          run.both());
    }
  }

  @Test
  void aTestThatFailsExitsOneWithTheError() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("secrets/config.json"),
        "--connector", "Leaky", "--action", "Leak Raising", "--organization", "acme", "--run-script");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.out().contains(": FAILED in "), r.both());
    assertTrue(r.out().contains("error:   ValueError"), r.both());
  }

  @Test
  void anUnknownConnectorExitsOneWithASuggestion() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("basic/config.json"),
        "--connector", "SOC Chta", "--action", "IM Notification");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("no connector \"SOC Chta\" in organization \"acme\", did you mean \"SOC Chat\"?"),
        r.both());
  }

  @Test
  void anActionTheConnectorDoesNotPerformExitsOne() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("basic/config.json"),
        "--connector", "SOC Chat", "--action", "Block Address");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("connector \"SOC Chat\" does not perform \"Block Address\""), r.both());
  }

  @Test
  void anUnknownOrganizationExitsOne() {
    CliRun r = CliRun.of("test", "--config", CliRun.resource("basic/config.json"),
        "--connector", "SOC Chat", "--action", "IM Notification", "--organization", "globex");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("no organization \"globex\""), r.both());
  }
}
