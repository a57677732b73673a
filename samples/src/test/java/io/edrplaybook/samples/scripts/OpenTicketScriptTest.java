package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.ReceivedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenTicketScriptTest extends ScriptTestSupport {

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runOpensAnIncidentWithBasicAuth(Python python) {
    DriverResult result = run(python, SampleScript.TICKET, "run");

    assertTrue(result.ok(), result::toString);
    List<ReceivedRequest> got = mock.requests(MockService.TICKETING);
    assertEquals(1, got.size(), got::toString);
    ReceivedRequest post = got.get(0);
    assertEquals("POST /api/now/table/incident", post.method() + " " + post.path());
    assertTrue(post.authorized(), "the mock did not accept the username and password");
    assertEquals("Malicious event on LAPTOP-7: Suspicious Script Execution",
        post.body().path("short_description").asText());
    assertEquals("1", post.body().path("urgency").asText());
    assertEquals("SOC", post.body().path("assignment_group").asText());
    assertEquals("ev-1", post.body().path("correlation_id").asText());
    assertTrue(post.body().path("description").asText().contains("user: Zo\u00eb M\u00fcller"), post::toString);
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void suspiciousEventsGetMediumUrgency(Python python) {
    Map<String, Object> event = SampleScript.maliciousEvent();
    event.put("classification", "SUSPICIOUS");

    run(python, SampleScript.TICKET, "run", SampleScript.TICKET.ctx(mock.port(), SampleScript.TICKET.goodAuth(), event));

    assertEquals("2", mock.requests().get(0).body().path("urgency").asText());
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runReturnsTheIncidentNumberInItsMessage(Python python) {
    DriverResult result = run(python, SampleScript.TICKET, "run");

    assertTrue(result.message().matches("Ticketing: opened INC\\d{7} \\(urgency 1\\) for event ev-1"),
        result::toString);
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void testReadsTheIncidentTable(Python python) {
    DriverResult result = run(python, SampleScript.TICKET, "test");

    assertEquals("Ticketing: credentials accepted by 127.0.0.1:" + mock.port() + " (incident table readable)",
        result.message(), result::toString);
    ReceivedRequest get = mock.requests().get(0);
    assertEquals("GET /api/now/table/incident?sysparm_limit=1", get.method() + " " + get.path() + "?" + get.query());
  }
}
