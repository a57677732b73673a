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
}
