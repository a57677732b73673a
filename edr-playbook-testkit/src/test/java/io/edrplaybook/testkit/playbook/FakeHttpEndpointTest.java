package io.edrplaybook.testkit.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.testkit.FakeHttpEndpoint;
import io.edrplaybook.testkit.FakeHttpRequest;
import io.edrplaybook.testkit.FakeHttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake third party: records requests, answers canned responses. */
class FakeHttpEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private FakeHttpEndpoint endpoint;

  @BeforeEach
  void start() {
    endpoint = FakeHttpEndpoint.start();
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(endpoint.url() + path))
        .header("Authorization", "Bearer secret-token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersTheCannedResponseAndRecordsTheRequest() throws Exception {
    endpoint.respond("POST", "/api/chat.postMessage", 200, "{\"ok\": true, \"ts\": \"1.2\"}");

    HttpResponse<String> response = post("/api/chat.postMessage?x=1", "{\"channel\": \"#soc\"}");

    assertEquals(200, response.statusCode());
    assertEquals("{\"ok\": true, \"ts\": \"1.2\"}", response.body());
    FakeHttpRequest request = endpoint.assertReceived("POST", "/api/chat.postMessage");
    assertEquals("{\"channel\": \"#soc\"}", request.body());
    assertEquals("x=1", request.query());
    assertEquals("Bearer secret-token", request.header("authorization").orElseThrow());
  }

  @Test
  void answerFunctionSeesTheRequest() throws Exception {
    endpoint.respond("*", "/echo", r -> FakeHttpResponse.text(201, r.method() + " " + r.body()));

    HttpResponse<String> response = post("/echo", "hello");

    assertEquals(201, response.statusCode());
    assertEquals("POST hello", response.body());
  }

  @Test
  void pathWithoutCannedResponseGets404AndIsStillRecorded() throws Exception {
    HttpResponse<String> response = post("/nowhere", "{}");

    assertEquals(404, response.statusCode());
    assertEquals("{\"error\": \"no canned response for POST /nowhere\"}", response.body());
    assertEquals(1, endpoint.requests("POST", "/nowhere").size());
  }

  @Test
  void assertReceivedListsWhatArrived() throws Exception {
    post("/a", "");

    AssertionError e = assertThrows(AssertionError.class, () -> endpoint.assertReceived("GET", "/b"));

    assertEquals("expected GET /b at " + endpoint.url() + "; received: [POST /a]", e.getMessage());
  }

  @Test
  void requestToStringShowsNoHeaderValue() throws Exception {
    post("/a", "{}");

    assertFalse(endpoint.requests().get(0).toString().contains("secret-token"));
  }

  @Test
  void listensOnLoopbackOnly() {
    assertEquals("127.0.0.1", endpoint.host());
  }
}
