package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.ReceivedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FirewallBlockAddressScriptTest extends ScriptTestSupport {

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runPostsABlockRuleForTheDeviceAddressWithBasicAuth(Python python) {
    DriverResult result = run(python, SampleScript.FIREWALL, "run");

    assertTrue(result.ok(), result::toString);
    List<ReceivedRequest> got = mock.requests(MockService.FIREWALL);
    assertEquals(1, got.size(), got::toString);
    ReceivedRequest post = got.get(0);
    assertEquals("POST /api/v1/block-rules", post.method() + " " + post.path());
    assertTrue(post.authorized(), "the mock did not accept the username and password");
    assertEquals("10.1.2.3", post.body().path("address").asText());
    assertEquals("block", post.body().path("action").asText());
    assertEquals(60, post.body().path("durationMinutes").asInt());
    assertEquals("ev-1", post.body().path("eventId").asText());
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runReturnsTheRuleInItsMessage(Python python) {
    DriverResult result = run(python, SampleScript.FIREWALL, "run");

    assertTrue(result.message().matches("Firewall: blocked 10\\.1\\.2\\.3 \\(rule rule-\\d+\\)"), result::toString);
    assertFalse(result.result().path("alreadyBlocked").asBoolean());
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void anAddressAlreadyBlockedCountsAsDone(Python python) {
    run(python, SampleScript.FIREWALL, "run");

    DriverResult second = run(python, SampleScript.FIREWALL, "run");

    assertTrue(second.ok(), second::toString);
    assertTrue(second.result().path("alreadyBlocked").asBoolean(), second::toString);
    assertTrue(second.message().startsWith("Firewall: 10.1.2.3 was already blocked"), second::toString);
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void anEventWithoutAddressFailsNamingTheEvent(Python python) {
    Map<String, Object> event = SampleScript.maliciousEvent();
    event.put("device", Map.of("name", "LAPTOP-7"));

    DriverResult result = run(python, SampleScript.FIREWALL, "run",
        SampleScript.FIREWALL.ctx(mock.port(), SampleScript.FIREWALL.goodAuth(), event));

    assertEquals("Firewall: event ev-1 has no device address to block (device LAPTOP-7)",
        result.errorMessage(), result::toString);
    assertTrue(mock.requests().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void testReadsTheSystemStatus(Python python) {
    DriverResult result = run(python, SampleScript.FIREWALL, "test");

    assertEquals("Firewall: credentials accepted by 127.0.0.1:" + mock.port() + " (MockWall 1.0)",
        result.message(), result::toString);
    assertEquals("GET /api/v1/system/status",
        mock.requests().get(0).method() + " " + mock.requests().get(0).path());
  }

  /** The undo's ctx: the run's ctx plus ctx["original"] with what the run returned. */
  private Map<String, Object> undoCtx(DriverResult original) {
    Map<String, Object> ctx = new java.util.LinkedHashMap<>(SampleScript.FIREWALL.ctx(mock.port(),
        SampleScript.FIREWALL.goodAuth(), SampleScript.maliciousEvent()));
    @SuppressWarnings("unchecked")
    Map<String, Object> result = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(original.result(),
        Map.class);
    ctx.put("original", Map.of("status", "SUCCEEDED", "result", result));
    ctx.put("undo", Map.of("reason", "after PT24H"));
    return ctx;
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void undoRemovesTheRuleItsRunAdded(Python python) {
    DriverResult blocked = run(python, SampleScript.FIREWALL, "run");
    String rule = blocked.result().path("ruleId").asText();

    DriverResult undone = run(python, SampleScript.FIREWALL, "undo", undoCtx(blocked));

    assertEquals("Firewall: unblocked 10.1.2.3 (rule " + rule + " removed)", undone.message(), undone::toString);
    ReceivedRequest remove = mock.requests(MockService.FIREWALL).get(1);
    assertEquals("POST /api/v1/block-rules/remove", remove.method() + " " + remove.path());
    assertTrue(remove.authorized());
    assertEquals(rule, remove.body().path("id").asText());
    assertFalse(run(python, SampleScript.FIREWALL, "run").result().path("alreadyBlocked").asBoolean(),
        "the address is no longer blocked");
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void undoLeavesARuleThatExistedBeforeItsRun(Python python) {
    run(python, SampleScript.FIREWALL, "run");
    DriverResult second = run(python, SampleScript.FIREWALL, "run");

    DriverResult undone = run(python, SampleScript.FIREWALL, "undo", undoCtx(second));

    assertTrue(undone.message().startsWith("Firewall: nothing to undo, 10.1.2.3 was blocked before"), undone::toString);
    assertEquals(2, mock.requests(MockService.FIREWALL).size(), "no removal was sent");
  }
}
