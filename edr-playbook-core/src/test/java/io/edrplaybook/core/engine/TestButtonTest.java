package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.TestMode;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.EntryPoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17 item 1: the Test button never performs the real action unless the caller asks for it. */
class TestButtonTest {
  private final FakeRunner runner = new FakeRunner();

  /** The acme configuration with "Edge FW" pointing at 127.0.0.1:{@code port}. */
  private static Configuration firewallAt(int port) {
    return Fixtures.withConnector("Edge FW", c -> Connector.builder().organization("acme").name("Edge FW")
        .type(c.type()).jumpBox("jb-1").host("127.0.0.1").port(port).credentials("api", Fixtures.FW_PASSWORD)
        .bind("Block Address", "firewall").build());
  }

  @Test
  void withoutTestCtxTheScriptIsNotRunAndTheConnectorsPortIsChecked() throws IOException {
    try (ServerSocket firewall = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CorePlaybookEngine engine = Fixtures.engine(runner).configuration(firewallAt(firewall.getLocalPort())).build()) {
      InvocationResult r = await(engine.test("acme", "Edge FW", "Block Address"));
      assertEquals(InvocationStatus.SUCCEEDED, r.status(), r::toString);
      assertTrue(r.message().matches("the script has no test\\(ctx\\); checked that 127\\.0\\.0\\.1:"
          + firewall.getLocalPort() + " answers \\(TCP connect in \\d+ ms\\); run\\(\\) was not called"), r.message());
      assertEquals(List.of(), runner.calls, "run(ctx) must not be called");
      assertEquals(List.of(r), engine.history(r.eventId()).runs());
      assertTrue(r.invocation().test());
    }
  }

  @Test
  void aPortThatDoesNotAnswerFailsTheCheckWithoutRunningTheScript() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(firewallAt(closed)).build()) {
      InvocationResult r = await(engine.test("acme", "Edge FW", "Block Address"));
      assertEquals(InvocationStatus.FAILED, r.status(), r::toString);
      assertEquals("ConnectFailed", r.error().orElseThrow().type());
      assertTrue(r.message().startsWith("ConnectFailed: the script has no test(ctx); 127.0.0.1:" + closed
          + " did not accept a TCP connection"), r.message());
      assertTrue(r.message().endsWith("; run() was not called"), r.message());
      assertEquals(List.of(), runner.calls);
    }
  }

  @Test
  void anHttpsBindingIsCheckedWithATlsHandshake() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (java.net.Socket s = plain.accept()) {
          s.getOutputStream().write("HTTP/1.1 400 not TLS\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the test closes the socket
        }
      });
      server.start();
      Configuration cfg = Fixtures.withConnector("Edge FW", c -> Connector.builder().organization("acme")
          .name("Edge FW").type(c.type()).jumpBox("jb-1").host("127.0.0.1").port(plain.getLocalPort())
          .credentials("api", Fixtures.FW_PASSWORD).bind(new io.edrplaybook.api.ActionBinding("Block Address",
              java.util.Optional.of("firewall"), Map.of("scheme", "https"))).build());
      try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(cfg).build()) {
        InvocationResult r = await(engine.test("acme", "Edge FW", "Block Address"));
        assertEquals(InvocationStatus.FAILED, r.status(), r::toString);
        assertEquals("TlsHandshakeFailed", r.error().orElseThrow().type());
        assertTrue(r.message().contains("accepted a TCP connection"), r.message());
        assertEquals(List.of(), runner.calls);
      }
      server.join(10_000);
    }
  }

  @Test
  void runScriptCallsRunAndTheRecordSaysSo() {
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      InvocationResult r = await(engine.test("acme", "Edge FW", "Block Address", TestMode.RUN_SCRIPT));
      assertEquals(EntryPoint.RUN, runner.callsOf("fw.py").get(0).call().entryPoint());
      assertEquals("run(ctx) was called (the script has no test(ctx)): ran fw.py", r.message());
      assertEquals(r.message(), engine.history(r.eventId()).runs().get(0).message());
    }
  }

  @Test
  void aScriptWithTestCtxIsCalledInEitherModeWithADocumentationAddressAsDevice() {
    Configuration cfg = Fixtures.withAction("Open Ticket", a -> Action.builder().organization("acme")
        .name("Open Ticket").script(ActionScript.of("ticket", "ticket.py", "def run(ctx):\n  pass\ndef test(ctx):\n  pass\n"))
        .build());
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(cfg).build()) {
      await(engine.test("acme", "Tickets", "Open Ticket"));
      await(engine.test("acme", "Tickets", "Open Ticket", TestMode.RUN_SCRIPT));
      List<FakeRunner.Call> calls = runner.callsOf("ticket.py");
      assertEquals(2, calls.size());
      for (FakeRunner.Call c : calls) {
        assertEquals(EntryPoint.TEST, c.call().entryPoint());
        @SuppressWarnings("unchecked")
        Map<String, Object> device = (Map<String, Object>) c.ctx("event").get("device");
        assertEquals("192.0.2.10", device.get("address"));
      }
    }
  }
}
