package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.ReceivedRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TeamsNotifyScriptTest extends ScriptTestSupport {

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runPostsAMessageCardWithTheEventAsFacts(Python python) {
    DriverResult result = run(python, SampleScript.TEAMS, "run");

    assertTrue(result.ok(), result::toString);
    List<ReceivedRequest> got = mock.requests(MockService.TEAMS);
    assertEquals(1, got.size(), got::toString);
    ReceivedRequest post = got.get(0);
    assertEquals("/teams/webhook/soc", post.path());
    assertTrue(post.authorized(), "the mock did not accept the key");
    JsonNode card = post.body();
    assertEquals("MessageCard", card.path("@type").asText());
    assertEquals("http://schema.org/extensions", card.path("@context").asText());
    assertEquals("Malicious event on LAPTOP-7", card.path("summary").asText());
    assertEquals("C50F1F", card.path("themeColor").asText());
    assertEquals("Classification", card.path("sections").path(0).path("facts").path(0).path("name").asText());
    assertTrue(card.path("sections").toString().contains("Zo\u00eb M\u00fcller"), card::toString);
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runReturnsAOneLineMessage(Python python) {
    DriverResult result = run(python, SampleScript.TEAMS, "run");

    assertEquals("Teams: posted Malicious event ev-1", result.message(), result::toString);
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void testPostsATestCard(Python python) {
    DriverResult result = run(python, SampleScript.TEAMS, "test");

    assertEquals("Teams: test card accepted by /teams/webhook/soc", result.message(), result::toString);
    assertEquals("edr-playbook connector test",
        mock.requests(MockService.TEAMS).get(0).body().path("summary").asText());
  }
}
