package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.MockThirdParty;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The failure conventions every sample script follows, on every interpreter. */
class SampleScriptFailureTest extends ScriptTestSupport {

  static Stream<Arguments> scriptsAndPythons() {
    return SampleScript.all().stream()
        .flatMap(script -> Python.all().stream().map(python -> Arguments.of(script, python)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("scriptsAndPythons")
  void wrongCredentialsRaiseAPermanentErrorNamingHttp401AndTheEndpoint(SampleScript script, Python python) {
    DriverResult result = run(python, script, "run", script.ctx(mock.port(), script.wrongAuth(),
        SampleScript.maliciousEvent()));

    assertFalse(result.ok(), result::toString);
    assertEquals("ConnectorError", result.errorType(), result::toString);
    assertTrue(result.errorMessage().contains("answered HTTP 401"), result::toString);
    assertTrue(result.errorMessage().contains("POST http://127.0.0.1:" + mock.port() + "/"), result::toString);
    assertFalse(result.isTransient(), result::toString);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("scriptsAndPythons")
  void testWithWrongCredentialsRaisesNamingHttp401(SampleScript script, Python python) {
    DriverResult result = run(python, script, "test", script.ctx(mock.port(), script.wrongAuth(),
        SampleScript.maliciousEvent()));

    assertFalse(result.ok(), result::toString);
    assertTrue(result.errorMessage().contains("answered HTTP 401"), result::toString);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("scriptsAndPythons")
  void serviceUnavailableRaisesATransientError(SampleScript script, Python python) {
    mock.failNext(script.service(), 1, 503);

    DriverResult result = run(python, script, "run");

    assertEquals("ConnectorUnavailable", result.errorType(), result::toString);
    assertTrue(result.errorMessage().contains("answered HTTP 503"), result::toString);
    assertTrue(result.isTransient(), result::toString);
  }

  /** One script is enough: every sample shares the same HTTP helper, tested for 503 above. */
  @ParameterizedTest
  @MethodSource("io.edrplaybook.samples.scripts.Python#all")
  void rateLimitingRaisesATransientError(Python python) {
    mock.failNext(MockService.SLACK, 1, 429);

    DriverResult result = run(python, SampleScript.SLACK, "run");

    assertTrue(result.errorMessage().contains("answered HTTP 429"), result::toString);
    assertTrue(result.isTransient(), result::toString);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("scriptsAndPythons")
  void anUnreachableServiceRaisesATransientErrorNamingTheUrl(SampleScript script, Python python) {
    int closedPort;
    try (MockThirdParty gone = MockThirdParty.builder().build().start()) {
      closedPort = gone.port();
    }

    DriverResult result = run(python, script, "run", script.ctx(closedPort, script.goodAuth(),
        SampleScript.maliciousEvent()));

    assertTrue(result.errorMessage().contains("cannot reach POST http://127.0.0.1:" + closedPort), result::toString);
    assertTrue(result.isTransient(), result::toString);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("scriptsAndPythons")
  void theWrongKindOfAuthenticationIsRefusedBeforeAnyCall(SampleScript script, Python python) {
    DriverResult result = run(python, script, "run", script.ctx(mock.port(), script.otherKindOfAuth(),
        SampleScript.maliciousEvent()));

    String needed = script.apiKey() ? "needs an API key" : "needs credentials (username and password)";
    assertTrue(result.errorMessage().contains(needed), result::toString);
    assertTrue(mock.requests().isEmpty(), () -> mock.requests().toString());
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("scriptsAndPythons")
  void theSecretAppearsNeitherInTheResultNorInTheOutput(SampleScript script, Python python) {
    DriverResult success = run(python, script, "run");
    mock.failNext(script.service(), 1, 503);
    DriverResult failure = run(python, script, "run");

    assertTrue(success.ok(), success::toString);
    assertFalse(success.toString().contains(script.secret()), success::toString);
    assertFalse(failure.toString().contains(script.secret()), failure::toString);
  }
}
