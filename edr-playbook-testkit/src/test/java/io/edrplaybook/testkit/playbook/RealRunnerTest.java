package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.MALICIOUS;
import static io.edrplaybook.api.Classification.SUSPICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.NoSuchRunnerException;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.testkit.FakeHttpEndpoint;
import io.edrplaybook.testkit.FakeHttpRequest;
import io.edrplaybook.testkit.PlaybookTestKit;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real scripts on a real runner found by id, against a fake third party. The runner here is
 * {@link JavaHttpRunnerProvider}, registered for ServiceLoader in a class loader of its own; the
 * runner modules test their own runners (jython, cpython) the same way.
 */
class RealRunnerTest {
  private FakeHttpEndpoint thirdParty;
  private URLClassLoader withRunner;

  @BeforeEach
  void start(@TempDir Path dir) throws IOException {
    thirdParty = FakeHttpEndpoint.start().respond("POST", "/notify", 200, "{\"ok\": true}");
    Path services = dir.resolve("META-INF/services/io.edrplaybook.spi.ScriptRunnerProvider");
    Files.createDirectories(services.getParent());
    Files.writeString(services, JavaHttpRunnerProvider.class.getName() + "\n");
    withRunner = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @AfterEach
  void stop() throws IOException {
    thirdParty.close();
    withRunner.close();
  }

  private PlaybookTestKit.Builder kit() {
    return PlaybookTestKit.forConfiguration(SocPlaybook.configuration())
        .realRunner(JavaHttpRunnerProvider.ID).classLoader(withRunner).routeConnectorsTo(thirdParty);
  }

  @Test
  void realRunnerCallsTheFakeEndpointWithTheConnectorsKey() {
    try (PlaybookTestKit kit = kit().build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRan("IM Notification").on("SOC Slack").succeeded().withMessage("HTTP 200: {\"ok\": true}");

      FakeHttpRequest request = thirdParty.requests("POST", "/notify").stream()
          .filter(r -> r.header("Authorization").orElse("").endsWith(SocPlaybook.SLACK_TOKEN)).findFirst()
          .orElseThrow(() -> new AssertionError("Slack's key was not sent: " + thirdParty.requests()));
      assertEquals("ev-1", request.body());
      assertEquals(2, thirdParty.requests("POST", "/notify").size());
    }
  }

  @Test
  void routedConnectorsPointAtTheEndpointOverPlainHttp() {
    try (PlaybookTestKit kit = kit().build()) {
      kit.submit(kit.newEvent("ev-1", MALICIOUS).build())
          .assertRan("Block Address").on("Edge FW")
          .withCtx("connector.host", "127.0.0.1")
          .withCtx("connector.port", thirdParty.port())
          .withCtx("params.scheme", "http");
    }
  }

  @Test
  void routedConnectorsKeepTheirLimits() {
    try (PlaybookTestKit kit = kit().build()) {
      assertEquals(SocPlaybook.FW_LIMITS, kit.configuration().connector("acme", "Edge FW").orElseThrow().limits());
    }
  }

  @Test
  void thirdPartyRefusalFailsTheRun() {
    thirdParty.respond("POST", "/notify", 403, "{\"error\": \"invalid_auth\"}");
    try (PlaybookTestKit kit = kit().build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRan("IM Notification").on("SOC Teams").failed().withMessage("ConnectorError: HTTP 403");
    }
  }

  @Test
  void cannedAnswerStandsInForOneRealScript() {
    try (PlaybookTestKit kit = kit().respond(SocPlaybook.TEAMS, ctx -> Map.of("message", "canned")).build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRan("IM Notification").on("SOC Teams").withMessage("canned")
          .and().assertRan("IM Notification").on("SOC Slack").withMessageContaining("HTTP 200");

      assertEquals(1, thirdParty.requests().size());
    }
  }

  @Test
  void runnerSettingsReachTheRealRunner() {
    thirdParty.respond("POST", "/hooks", 200, "{}");
    try (PlaybookTestKit kit = kit()
        .runnerSettings(RunnerSettings.empty(JavaHttpRunnerProvider.ID).with("path", "/hooks")).build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build()).assertAllSucceeded();

      thirdParty.assertReceived("POST", "/hooks");
      thirdParty.assertNotReceived("POST", "/notify");
    }
  }

  @Test
  void missingRealRunnerNamesTheArtifactToAdd() {
    NoSuchRunnerException e = assertThrows(NoSuchRunnerException.class,
        () -> PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).realRunner("jython")
            .classLoader(withRunner).build());

    assertEquals("No ScriptRunner with id 'jython'; found [java-http]. "
        + "Add io.edrplaybook:edr-playbook-jython as a test dependency.", e.getMessage());
  }

  @Test
  void realRunnersUseTheRunnerEachScriptNames() {
    NoSuchRunnerException e = assertThrows(NoSuchRunnerException.class,
        () -> PlaybookTestKit.forConfiguration(SocPlaybook.configuration()).realRunners()
            .classLoader(withRunner).build());

    assertTrue(e.getMessage().startsWith("No ScriptRunner with id 'cpython'"), e.getMessage());
  }
}
