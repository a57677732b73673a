package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.SUSPICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.testkit.FakeHttpEndpoint;
import io.edrplaybook.testkit.PlaybookTestKit;
import io.edrplaybook.testkit.internal.ConfigurationRewriter;
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

/** Issue 17 item 6 in the test kit: a script naming a runner instance runs on its type with its settings. */
class RunnerInstanceTest {
  private FakeHttpEndpoint thirdParty;
  private URLClassLoader withRunner;

  @BeforeEach
  void start(@TempDir Path dir) throws IOException {
    thirdParty = FakeHttpEndpoint.start().respond("POST", "/alt", 200, "{\"alt\": true}");
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

  @Test
  void aScriptNamingAnInstanceRunsOnItsTypesRunnerWithTheInstancesSettings() {
    var cfg = ConfigurationRewriter.forceRunner(SocPlaybook.configuration(), "http-alt");
    try (PlaybookTestKit kit = PlaybookTestKit.forConfiguration(cfg).realRunners().classLoader(withRunner)
        .runnerSettings(RunnerSettings.instance("http-alt", JavaHttpRunnerProvider.ID, Map.of("path", "/alt")))
        .routeConnectorsTo(thirdParty).build()) {
      kit.submit(kit.newEvent("ev-1", SUSPICIOUS).build())
          .assertRan("IM Notification").on("SOC Slack").succeeded().withMessage("HTTP 200: {\"alt\": true}");
    }
    assertEquals(false, thirdParty.requests("POST", "/alt").isEmpty());
  }
}
