package io.edrplaybook.samples.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.MockThirdParty;
import io.edrplaybook.samples.internal.mock.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MockThirdPartyTest {

  private static final String TOKEN = "xoxb-mock-test";
  private final HttpClient http = HttpClient.newHttpClient();
  private MockThirdParty mock;

  @BeforeEach
  void start() {
    mock = MockThirdParty.builder().slackToken(TOKEN).firewallCredentials("fw", "fw-pass")
        .nacApiKey("nac-key").blocklistKey("ti-key").build().start();
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String header, String value)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (header != null) {
      request.header(header, value);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void servesTheExpectedBearerTokenAndRecordsTheParsedBody() throws Exception {
    HttpResponse<String> response = send("POST", "/api/chat.postMessage", "{\"channel\":\"#soc\",\"text\":\"hi\"}",
        "Authorization", "Bearer " + TOKEN);

    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("\"ok\":true"), response.body());
    ReceivedRequest got = mock.requests().get(0);
    assertEquals(MockService.SLACK, got.service());
    assertEquals("#soc", got.body().path("channel").asText());
    assertTrue(got.authorized());
  }

  @Test
  void aWrongBearerTokenIsAnswered401AndRecordedAsUnauthorized() throws Exception {
    HttpResponse<String> response = send("POST", "/api/chat.postMessage", "{\"channel\":\"#soc\",\"text\":\"hi\"}",
        "Authorization", "Bearer nope");

    assertEquals(401, response.statusCode());
    assertFalse(mock.requests().get(0).authorized());
  }

  @Test
  void basicAuthenticationIsCheckedAgainstTheUsernameAndPassword() throws Exception {
    assertEquals(200, send("GET", "/api/v1/system/status", null, "Authorization", basic("fw", "fw-pass")).statusCode());
    assertEquals(401, send("GET", "/api/v1/system/status", null, "Authorization", basic("fw", "other")).statusCode());
  }

  @Test
  void aServiceWithoutConfiguredCredentialsRefusesEveryRequest() throws Exception {
    HttpResponse<String> response = send("GET", "/api/now/table/incident", null, "Authorization", basic("a", "b"));

    assertEquals(401, response.statusCode());
  }

  @Test
  void failNextAnswersTheStatusThatManyTimesThenServesNormally() throws Exception {
    mock.failNext(MockService.NAC, 2, 503);

    List<Integer> statuses = List.of(
        send("GET", "/api/v1/auth/check", null, "X-Api-Key", "nac-key").statusCode(),
        send("GET", "/api/v1/auth/check", null, "X-Api-Key", "nac-key").statusCode(),
        send("GET", "/api/v1/auth/check", null, "X-Api-Key", "nac-key").statusCode());

    assertEquals(List.of(503, 503, 200), statuses);
  }

  @Test
  void blockingAnAddressTwiceAnswers409WithTheFirstRule() throws Exception {
    String body = "{\"address\":\"10.0.0.9\"}";
    HttpResponse<String> first = send("POST", "/api/v1/block-rules", body, "Authorization", basic("fw", "fw-pass"));
    HttpResponse<String> second = send("POST", "/api/v1/block-rules", body, "Authorization", basic("fw", "fw-pass"));

    assertEquals(201, first.statusCode());
    assertEquals(409, second.statusCode());
    assertTrue(second.body().contains("\"id\":\"rule-"), second.body());
  }

  @Test
  void aPathNoServiceServesIsAnswered404AndNotRecorded() throws Exception {
    assertEquals(404, send("GET", "/nothing/here", null, null, null).statusCode());
    assertTrue(mock.requests().isEmpty());
  }

  @Test
  void theWrongMethodIsAnswered405() throws Exception {
    assertEquals(405, send("GET", "/api/chat.postMessage", null, "Authorization", "Bearer " + TOKEN).statusCode());
  }

  @Test
  void theSummaryShowsServicePathStatusAndBodyButNoCredentials() throws Exception {
    send("POST", "/api/chat.postMessage", "{\"channel\":\"#soc\",\"text\":\"hi\"}", "Authorization", "Bearer " + TOKEN);

    String summary = mock.requests().get(0).summary();

    assertEquals("Slack got POST /api/chat.postMessage -> 200: {\"channel\":\"#soc\",\"text\":\"hi\"}", summary);
    assertFalse(summary.contains(TOKEN));
  }

  @Test
  void askingThePortBeforeStartNamesStart() {
    MockThirdParty notStarted = MockThirdParty.builder().build();

    IllegalStateException e = assertThrows(IllegalStateException.class, notStarted::port);
    assertTrue(e.getMessage().contains("call start() first"), e.getMessage());
  }

  @Test
  void theBlocklistTakesATokenAndAddsAnAddressOnce() throws Exception {
    String entry = "{\"value\":\"10.1.2.3\",\"type\":\"ip-dst\",\"comment\":\"c\",\"reference\":\"ev-1\"}";

    HttpResponse<String> first = send("POST", "/api/v2/blocklist", entry, "Authorization", "Token ti-key");
    HttpResponse<String> second = send("POST", "/api/v2/blocklist", entry, "Authorization", "Token ti-key");
    HttpResponse<String> wrong = send("POST", "/api/v2/blocklist", entry, "Authorization", "Token nac-key");

    assertEquals(201, first.statusCode(), first.body());
    assertTrue(first.body().contains("\"created\":true"), first.body());
    assertEquals(200, second.statusCode(), second.body());
    assertTrue(second.body().contains("\"created\":false"), second.body());
    assertEquals(401, wrong.statusCode(), wrong.body());
    assertEquals(List.of(MockService.BLOCKLIST), mock.requests().stream().map(ReceivedRequest::service).distinct().toList());
  }
}
