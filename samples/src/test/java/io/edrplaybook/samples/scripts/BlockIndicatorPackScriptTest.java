package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionBinding;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.testkit.FakeHttpEndpoint;
import io.edrplaybook.testkit.FakeHttpRequest;
import io.edrplaybook.testkit.FakeHttpResponse;
import io.edrplaybook.testkit.PlaybookTestKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ported StackStorm-style pack action {@code intel_blocklist_pack/actions/block_indicator.py}
 * (helpers in the pack's {@code lib} package, no {@code test(ctx)}, HTTP errors raised by
 * {@code urlopen}) on the engine's real runners, against a {@link FakeHttpEndpoint}: jython,
 * cpython on python3, and cpython on Python 2.7 (skipped, saying so, when there is none).
 */
class BlockIndicatorPackScriptTest {

  static final Path SCRIPT = ScriptHarness.SCRIPTS.resolve("intel_blocklist_pack/actions/block_indicator.py")
      .toAbsolutePath().normalize();
  private static final String KEY = "ti-test-key-2Vb7";
  private static final String PATH = "/api/v2/blocklist";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A runner of the engine, with the settings it is created with. */
  record Runner(String label, String id, String interpreter) {
    RunnerSettings settings() {
      RunnerSettings s = RunnerSettings.empty(id);
      return interpreter == null ? s : s.with("interpreter", executable());
    }

    private String executable() {
      return (interpreter.equals("python2.7") ? Python.PYTHON2 : Python.PYTHON3).executable();
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static List<Runner> runners() {
    return List.of(new Runner("jython", "jython", null), new Runner("cpython python3", "cpython", "python3"),
        new Runner("cpython python2.7", "cpython", "python2.7"));
  }

  private static Configuration configuration(RetryPolicy retry) {
    String source;
    try {
      source = Files.readString(SCRIPT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Configuration.builder()
        .organization("acme")
        .jumpBox(JumpBox.of("acme", "jb-1"))
        .action(Action.builder().organization("acme").name("Block Address").description("Block the device")
            .script(ActionScript.of("blocklist", SCRIPT.toString(), source)).timeout(Duration.ofSeconds(30))
            .retry(retry).build())
        .connector(Connector.builder().organization("acme").name("Threat Intel").jumpBox("jb-1")
            .host("ti.acme.example").port(443).apiKey(KEY)
            .bind(ActionBinding.of("Block Address", "blocklist", Map.of("expiresInDays", 30))).build())
        .playbook(Playbook.builder().organization("acme").name("Default Playbook").isDefault(true)
            .rule(PlaybookSection.REMEDIATION, "Block Address", ConnectorSelection.all(), Classification.MALICIOUS)
            .build())
        .build();
  }

  private static PlaybookTestKit kit(Runner runner, FakeHttpEndpoint endpoint, RetryPolicy retry) {
    return PlaybookTestKit.forConfiguration(configuration(retry)).realRunner(runner.id())
        .runnerSettings(runner.settings()).routeConnectorsTo(endpoint).build();
  }

  private static io.edrplaybook.api.SecurityEvent malicious(PlaybookTestKit kit) {
    return kit.newEvent("ev-1", Classification.MALICIOUS)
        .device(Device.of("LAPTOP-7", "Engineering", "10.1.2.3", "Windows 11")).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void runAddsTheDeviceAddressToTheBlocklistWithTheToken(Runner runner) throws Exception {
    try (FakeHttpEndpoint endpoint = FakeHttpEndpoint.start();
        PlaybookTestKit kit = kit(runner, endpoint, RetryPolicy.NONE)) {
      endpoint.respond("POST", PATH, 201, "{\"id\": \"bl-7\", \"created\": true}");

      kit.submit(malicious(kit)).assertRan("Block Address").on("Threat Intel").succeeded()
          .withMessage("Blocklist: 10.1.2.3 added to the blocklist (entry bl-7)");

      FakeHttpRequest post = endpoint.assertReceived("POST", PATH);
      assertEquals("Token " + KEY, post.header("Authorization").orElseThrow());
      JsonNode body = JSON.readTree(post.body());
      assertEquals("10.1.2.3", body.path("value").asText());
      assertEquals("ip-dst", body.path("type").asText());
      assertEquals("ev-1", body.path("reference").asText());
      assertEquals(30, body.path("expiresInDays").asInt());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void anHttp503RaisedByUrlopenIsRetriedWithoutAnyEditToTheScript(Runner runner) {
    AtomicInteger calls = new AtomicInteger();
    try (FakeHttpEndpoint endpoint = FakeHttpEndpoint.start();
        PlaybookTestKit kit = kit(runner, endpoint, RetryPolicy.attempts(2, Duration.ofMillis(50)))) {
      endpoint.respond("POST", PATH, request -> calls.getAndIncrement() == 0
          ? FakeHttpResponse.json(503, "{\"message\": \"busy\"}")
          : FakeHttpResponse.json(201, "{\"id\": \"bl-8\", \"created\": true}"));

      kit.submit(malicious(kit)).assertRan("Block Address").on("Threat Intel").succeeded();

      assertEquals(2, endpoint.requests("POST", PATH).size(), endpoint::toString);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void anHttp401FailsTheRunOnceAsHttpError(Runner runner) {
    try (FakeHttpEndpoint endpoint = FakeHttpEndpoint.start();
        PlaybookTestKit kit = kit(runner, endpoint, RetryPolicy.attempts(3, Duration.ofMillis(50)))) {
      endpoint.respond("POST", PATH, 401, "{\"message\": \"bad token\"}");

      InvocationResult r = kit.submit(malicious(kit)).assertRan("Block Address").on("Threat Intel").failed().result();

      assertEquals("HTTPError", r.error().orElseThrow().type(), r::toString);
      assertTrue(r.error().orElseThrow().message().startsWith("HTTP Error 401"), r::toString);
      assertTrue(r.error().orElseThrow().traceback().contains("client.py"), "the helper's frame is in the traceback");
      assertEquals(1, endpoint.requests("POST", PATH).size(), "a 401 is not retried");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void theTestButtonChecksThePortAndSendsNothing(Runner runner) throws Exception {
    try (FakeHttpEndpoint endpoint = FakeHttpEndpoint.start();
        PlaybookTestKit kit = kit(runner, endpoint, RetryPolicy.NONE)) {
      endpoint.respond("POST", PATH, 201, "{\"id\": \"bl-9\"}");

      InvocationResult r = kit.engine().test("acme", "Threat Intel", "Block Address").toCompletableFuture()
          .get(60, TimeUnit.SECONDS);

      assertTrue(r.status().succeeded(), r::toString);
      assertTrue(r.message().startsWith("the script has no test(ctx); checked that " + endpoint.host() + ":"
          + endpoint.port() + " answers"), r.message());
      assertTrue(r.message().endsWith("run() was not called"), r.message());
      assertEquals(List.of(), endpoint.requests(), "the Test button sent a request");
      assertFalse(kit.runs().stream().anyMatch(x -> x.file().equals(SCRIPT.toString())), "the script was called");
    }
  }
}
