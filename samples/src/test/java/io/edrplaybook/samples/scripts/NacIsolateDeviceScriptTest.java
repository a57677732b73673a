package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.ReceivedRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NacIsolateDeviceScriptTest extends ScriptTestSupport {

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runAsksToIsolateTheDeviceWithTheApiKeyHeader(Python python) {
    DriverResult result = run(python, SampleScript.NAC, "run");

    assertTrue(result.ok(), result::toString);
    List<ReceivedRequest> got = mock.requests(MockService.NAC);
    assertEquals(1, got.size(), got::toString);
    ReceivedRequest post = got.get(0);
    assertEquals("POST /api/v1/endpoints/isolate", post.method() + " " + post.path());
    assertTrue(post.authorized(), "the mock did not accept the X-Api-Key header");
    assertEquals("10.1.2.3", post.body().path("address").asText());
    assertEquals("LAPTOP-7", post.body().path("hostname").asText());
    assertEquals("quarantine", post.body().path("policy").asText());
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void runReturnsTheIsolationStateInItsMessage(Python python) {
    DriverResult result = run(python, SampleScript.NAC, "run");

    assertEquals("NAC: isolated LAPTOP-7 (10.1.2.3) with policy quarantine, state isolated",
        result.message(), result::toString);
  }

  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void testChecksTheApiKey(Python python) {
    DriverResult result = run(python, SampleScript.NAC, "test");

    assertEquals("NAC: API key accepted by 127.0.0.1:" + mock.port() + " (tenant acme)",
        result.message(), result::toString);
    assertEquals("GET /api/v1/auth/check",
        mock.requests().get(0).method() + " " + mock.requests().get(0).path());
  }
}
