package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the jython runner starts, warms up and preloads in the background; creating it (and
 * building an engine on it) does not wait, and the host can wait for or be told of readiness.
 */
class JythonStartTest {
  /** Closed until a test opens it: the preloaded module {@code startgate} waits on it at import. */
  public static volatile CountDownLatch gate = new CountDownLatch(1);

  private static Path gateModule(Path dir) throws IOException {
    Files.writeString(dir.resolve("startgate.py"), "from io.edrplaybook.jython import JythonStartTest\n"
        + "if not JythonStartTest.gate.await(60, __import__('java.util.concurrent', fromlist=['TimeUnit']).TimeUnit.SECONDS):\n"
        + "    raise RuntimeError('the gate was never opened')\n");
    return dir;
  }

  private static ScriptRunner runner(Map<String, Object> settings) {
    RunnerSettings s = RunnerSettings.empty("jython");
    for (Map.Entry<String, Object> e : settings.entrySet()) {
      s = s.with(e.getKey(), e.getValue());
    }
    return new JythonScriptRunnerProvider().create(s);
  }

  @Test
  void creatingTheRunnerDoesNotWaitForItsSlotsAndACallWaitsForReadiness(@TempDir Path dir) throws Exception {
    gate = new CountDownLatch(1);
    try (ScriptRunner runner = runner(Map.of("poolSize", 1, "pythonPath", List.of(gateModule(dir).toString()),
        "preload", List.of("json", "startgate")))) {
      // created while the slot's preload is stuck at the gate
      CompletableFuture<Void> ready = runner.ready().toCompletableFuture();
      assertFalse(ready.isDone(), "not ready while the preload waits at the gate");
      CompiledScript s = runner.compile(new ScriptSource("a", "a.py", "def run(ctx):\n    return {'n': ctx['n']}\n"));
      CompletableFuture<ScriptOutcome> call = CompletableFuture.supplyAsync(() ->
          runner.run(s, new ScriptCall(EntryPoint.RUN, Map.of("n", 7), Duration.ofSeconds(60), "early")));
      assertFalse(call.isDone(), "a call before readiness waits for a slot");
      gate.countDown();
      ready.get(60, TimeUnit.SECONDS);
      ScriptOutcome o = call.get(60, TimeUnit.SECONDS);
      assertEquals(ScriptOutcome.Status.SUCCEEDED, o.status(), o::toString);
      assertEquals(7, ((Number) o.result().orElseThrow().get("n")).intValue());
    } finally {
      gate.countDown();
    }
  }

  @Test
  void preloadDefaultsToWhatTheCompiledScriptsImport() throws Exception {
    try (ScriptRunner runner = runner(Map.of("poolSize", 2))) {
      runner.compile(new ScriptSource("http", "http.py", "import json\ntry:\n    from urllib2 import Request\n"
          + "except ImportError:\n    pass\ndef run(ctx):\n    import base64\n    return {}\n"));
      runner.ready().toCompletableFuture().get(120, TimeUnit.SECONDS);
      CompiledScript probe = runner.compile(new ScriptSource("probe", "probe.py",
          "import sys\ndef run(ctx):\n    return {'loaded': [m for m in ('urllib2', 'base64', 'json') if m in sys.modules]}\n"));
      runner.ready().toCompletableFuture().get(120, TimeUnit.SECONDS);
      for (int i = 0; i < 2; i++) { // both slots: each was preloaded
        ScriptOutcome o = runner.run(probe, new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofSeconds(30), "p" + i));
        assertEquals(List.of("urllib2", "base64", "json"), o.result().orElseThrow().get("loaded"), o::toString);
      }
    }
  }

  @Test
  void aModuleThatCannotBeImportedIsSkippedAndTheRunnerStillGetsReady() throws Exception {
    try (ScriptRunner runner = runner(Map.of("poolSize", 1, "preload", List.of("no_such_module_here", "json")))) {
      runner.ready().toCompletableFuture().get(120, TimeUnit.SECONDS);
      CompiledScript s = runner.compile(new ScriptSource("a", "a.py", "def run(ctx):\n    return {'ok': True}\n"));
      assertEquals(ScriptOutcome.Status.SUCCEEDED,
          runner.run(s, new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofSeconds(30), "x")).status());
    }
  }

  @Test
  void preloadNamesAreChecked() {
    var e = assertThrows(ConfigurationException.class, () -> JythonSettings.from(RunnerSettings.empty("jython")
        .with("preload", List.of("json", "os; import evil"))));
    assertTrue(e.getMessage().contains("runners.jython.preload") && e.getMessage().contains("os; import evil"),
        e.getMessage());
    assertEquals(List.of("json", "xml.etree.ElementTree"), JythonSettings.from(RunnerSettings.empty("jython")
        .with("preload", List.of("json", "xml.etree.ElementTree"))).preload().orElseThrow());
    assertTrue(JythonSettings.defaults().preload().isEmpty(), "default: what the scripts import");
  }

  @Test
  void buildingAnEngineDoesNotWaitForTheSlotsAndTheHostIsToldOfReadiness(@TempDir Path dir) throws Exception {
    gate = new CountDownLatch(1);
    Configuration cfg = Configuration.builder().organization("acme").jumpBox(JumpBox.of("acme", "jb"))
        .action(Action.builder().organization("acme").name("Notify")
            .script(ActionScript.of("main", "notify.py", "import json\ndef run(ctx):\n    return {'message': 'ok'}\n",
                "jython")).build())
        .connector(Connector.builder().organization("acme").name("Chat").jumpBox("jb").host("h").port(1)
            .apiKey("k-1").bind("Notify").build())
        .playbook(Playbook.builder().organization("acme").name("Default").isDefault(true)
            .rule(PlaybookSection.NOTIFICATIONS, "Notify", ConnectorSelection.all(), Classification.MALICIOUS).build())
        .build();
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder()
        .runnerSettings(RunnerSettings.empty("jython").with("poolSize", 1)
            .with("pythonPath", List.of(gateModule(dir).toString())).with("preload", List.of("startgate")))
        .configuration(cfg).build()) {
      CompletableFuture<Void> ready = engine.runnersReady();
      assertFalse(ready.isDone(), "build() returned while the runner's preload waits at the gate");
      CountDownLatch told = new CountDownLatch(1);
      ready.whenComplete((v, e) -> told.countDown());
      CompletableFuture<EventOutcome> outcome = engine.submit(SecurityEvent.builder().id("ev-1").organization("acme")
          .device("d", "g").classification(Classification.MALICIOUS).time(Instant.EPOCH).build()).toCompletableFuture();
      gate.countDown();
      assertTrue(told.await(60, TimeUnit.SECONDS), "the host is told when the runners are ready");
      EventOutcome o = outcome.get(60, TimeUnit.SECONDS);
      assertEquals(InvocationStatus.SUCCEEDED, o.results().get(0).status(), o::toString);
    } finally {
      gate.countDown();
    }
  }
}
