package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.ReceivedRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SlackNotifyScriptTest extends ScriptTestSupport {

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runPostsTextAndBlocksToTheChannelWithTheBotToken(Python python) {
    DriverResult result = run(python, SampleScript.SLACK, "run");

    assertTrue(result.ok(), result::toString);
    List<ReceivedRequest> got = mock.requests(MockService.SLACK);
    assertEquals(1, got.size(), got::toString);
    ReceivedRequest post = got.get(0);
    assertEquals("/api/chat.postMessage", post.path());
    assertTrue(post.authorized(), "the mock did not accept the bearer token");
    assertEquals("#soc", post.body().path("channel").asText());
    assertEquals("Malicious event on LAPTOP-7 (10.1.2.3): Suspicious Script Execution",
        post.body().path("text").asText());
    JsonNode blocks = post.body().path("blocks");
    assertEquals("header", blocks.path(0).path("type").asText());
    assertTrue(blocks.toString().contains("Zo\u00eb M\u00fcller"), () -> "details missing: " + blocks);
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runReturnsAOneLineMessageAndTheMessageTimestamp(Python python) {
    DriverResult result = run(python, SampleScript.SLACK, "run");

    assertEquals("Slack: posted Malicious event ev-1 to #soc", result.message(), result::toString);
    assertTrue(result.result().path("ts").isTextual(), result::toString);
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void testChecksTheTokenWithAuthTestAndPostsNothing(Python python) {
    DriverResult result = run(python, SampleScript.SLACK, "test");

    assertEquals("Slack: token accepted (team acme, user edr-playbook)", result.message(), result::toString);
    assertEquals(List.of("/api/auth.test"),
        mock.requests().stream().map(ReceivedRequest::path).toList());
  }
}
