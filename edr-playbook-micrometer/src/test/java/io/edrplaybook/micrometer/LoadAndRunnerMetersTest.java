package io.edrplaybook.micrometer;

import static io.edrplaybook.micrometer.Scenario.count;
import static io.edrplaybook.micrometer.Scenario.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.micrometer.Scenario.Line;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.PlaybookListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gauges of lanes, connectors and runners; rejections; journal failures; worker replacements. */
class LoadAndRunnerMetersTest {
  private static final MetricsOptions FRESH = MetricsOptions.defaults().withSnapshotTtl(Duration.ZERO);
  @TempDir
  Path dir;

  @Test
  void laneAndConnectorGaugesShowRunsRunningAndWaiting() throws Exception {
    Path gate = dir.resolve("open");
    SimpleMeterRegistry r = Scenario.registry();
    CountDownLatch started = new CountDownLatch(1);
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", Scenario.waitsFor(gate)),
        Line.of("Ticket", "Tickets", Scenario.waitsFor(gate))).laneConcurrency(1).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r, FRESH)) {
      engine.addListener(startedLatch(started));
      CompletableFuture<EventOutcome> f = engine.submit(Scenario.event("ev-1")).toCompletableFuture();
      assertTrue(started.await(30, TimeUnit.SECONDS), "the first run started");
      assertEquals(2, gauge(r, EdrPlaybookMetrics.RUNS_IN_FLIGHT));
      gauge(r, EdrPlaybookMetrics.RUNS_IN_FLIGHT); // the lane and connectors first seen: their gauges now exist
      assertEquals(1, gauge(r, EdrPlaybookMetrics.LANE_RUNS, "jumpbox", "jb-1", "state", "running"));
      assertEquals(1, gauge(r, EdrPlaybookMetrics.LANE_RUNS, "jumpbox", "jb-1", "state", "queued"));
      double running = gauge(r, EdrPlaybookMetrics.CONNECTOR_RUNS, "connector", "SOC Slack", "state", "running")
          + gauge(r, EdrPlaybookMetrics.CONNECTOR_RUNS, "connector", "Tickets", "state", "running");
      double queued = gauge(r, EdrPlaybookMetrics.CONNECTOR_RUNS, "connector", "SOC Slack", "state", "queued")
          + gauge(r, EdrPlaybookMetrics.CONNECTOR_RUNS, "connector", "Tickets", "state", "queued");
      assertEquals(1, running);
      assertEquals(1, queued);
      Files.writeString(gate, "go");
      Scenario.await(f);
      // (the lane's slot is given back just after the run's future completes: not asserted here)
      assertEquals(0, gauge(r, EdrPlaybookMetrics.LANE_RUNS, "jumpbox", "jb-1", "state", "queued"));
      assertEquals(0, gauge(r, EdrPlaybookMetrics.CONNECTOR_RUNS, "connector", "SOC Slack", "state", "running"));
      assertEquals(0, gauge(r, EdrPlaybookMetrics.CONNECTOR_RUNS, "connector", "Tickets", "state", "running"));
      assertEquals(0, gauge(r, EdrPlaybookMetrics.RUNS_IN_FLIGHT));
    }
  }

  @Test
  void aRunPastTheLaneQueueBoundCountsARejectionByReason() throws Exception {
    Path gate = dir.resolve("open");
    SimpleMeterRegistry r = Scenario.registry();
    CountDownLatch started = new CountDownLatch(1);
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", Scenario.waitsFor(gate)),
        Line.of("Ticket", "Tickets", Scenario.waitsFor(gate))).laneConcurrency(1).laneQueueCapacity(0).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      engine.addListener(startedLatch(started));
      CompletableFuture<EventOutcome> f = engine.submit(Scenario.event("ev-1")).toCompletableFuture();
      assertTrue(started.await(30, TimeUnit.SECONDS), "the first run started");
      Files.writeString(gate, "go");
      EventOutcome o = Scenario.await(f);
      Scenario.settle(engine);
      assertEquals(1, o.results().stream().filter(x -> x.status() == InvocationStatus.REJECTED).count(), o.toString());
      assertEquals(1, count(r, EdrPlaybookMetrics.REJECTIONS, "organization", "acme", "reason", "lane_full"));
      assertEquals(1, count(r, EdrPlaybookMetrics.RUNS, "status", "rejected"));
    }
  }

  @Test
  void aRunPastTheConnectorsLimitsCountsARejectionByReason() throws Exception {
    Path gate = dir.resolve("open");
    io.edrplaybook.api.Configuration.Builder b = io.edrplaybook.api.Configuration.builder().organization("acme")
        .jumpBox(io.edrplaybook.api.JumpBox.of("acme", "jb-1"));
    io.edrplaybook.api.Playbook.Builder p = io.edrplaybook.api.Playbook.builder().organization("acme").name("Default")
        .isDefault(true);
    io.edrplaybook.api.Connector.Builder hub = io.edrplaybook.api.Connector.builder().organization("acme").name("Hub")
        .jumpBox("jb-1").host("hub.example").port(443).apiKey("hub-key")
        .limits(io.edrplaybook.api.ConnectorLimits.concurrency(1));
    for (String action : new String[] {"Notify", "Ticket"}) {
      b.action(io.edrplaybook.api.Action.builder().organization("acme").name(action).description(action)
          .script(io.edrplaybook.api.ActionScript.of("main", action + ".py", Scenario.waitsFor(gate), "jython"))
          .build());
      hub.bind(action, "main");
      p.rule(io.edrplaybook.api.PlaybookSection.NOTIFICATIONS, action, io.edrplaybook.api.ConnectorSelection.all(),
          io.edrplaybook.api.Classification.MALICIOUS);
    }
    SimpleMeterRegistry r = Scenario.registry();
    CountDownLatch started = new CountDownLatch(1);
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder().laneQueueCapacity(0)
        .configuration(b.connector(hub.build()).playbook(p.build()).build()).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      engine.addListener(startedLatch(started));
      CompletableFuture<EventOutcome> f = engine.submit(Scenario.event("ev-1")).toCompletableFuture();
      assertTrue(started.await(30, TimeUnit.SECONDS), "the first run started");
      Files.writeString(gate, "go");
      EventOutcome o = Scenario.await(f);
      Scenario.settle(engine);
      assertEquals(1, o.results().stream().filter(x -> x.status() == InvocationStatus.REJECTED).count(), o.toString());
      assertEquals(1, count(r, EdrPlaybookMetrics.REJECTIONS, "reason", "connector_limits"));
    }
  }

  @Test
  void aJournalThatFailsCountsAFailureAndShowsNotWritable() {
    AtomicBoolean failStarts = new AtomicBoolean(false);
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", "def run(ctx):\n    return None\n"))
        .journal(failingStarts(failStarts)).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r, FRESH)) {
      assertEquals(1, gauge(r, EdrPlaybookMetrics.JOURNAL_WRITABLE));
      failStarts.set(true);
      EventOutcome o = Scenario.submitAndSettle(engine, "ev-1");
      assertEquals(InvocationStatus.FAILED, o.results().get(0).status());
      assertEquals(1, count(r, EdrPlaybookMetrics.JOURNAL_FAILURES));
      assertEquals(0, gauge(r, EdrPlaybookMetrics.JOURNAL_WRITABLE));
    }
  }

  @Test
  void aRunnerThatWillNotReturnCountsAnAbandonedThread() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HangingRunner hanging = new HangingRunner(inside, release);
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = CorePlaybookEngine.builder().discoverRunners(false).runner(hanging)
        .defaultRunner(hanging.id()).defaultTimeout(Duration.ofMillis(100)).closeGrace(Duration.ofSeconds(5))
        .configuration(Scenario.configuration(Line.of("Notify", "SOC Slack", "def run(ctx):\n    pass\n")
            .runner(hanging.id()).timeout(Duration.ofMillis(100)))).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r, FRESH)) {
      EventOutcome o = Scenario.submitAndSettle(engine, "ev-1");
      assertEquals(InvocationStatus.TIMED_OUT, o.results().get(0).status());
      assertTrue(inside.await(10, TimeUnit.SECONDS));
      assertEquals(1, gauge(r, EdrPlaybookMetrics.THREADS_ABANDONED));
      release.countDown();
      assertTrue(hanging.returned.await(10, TimeUnit.SECONDS));
    } finally {
      release.countDown();
    }
  }

  @Test
  void theJythonRunnerShowsItsSlotsAndReadiness() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", "def run(ctx):\n    pass\n"))
        .build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r, FRESH)) {
      assertTrue(gauge(r, EdrPlaybookMetrics.RUNNER_WORKERS, "runner", "jython") > 0);
      assertEquals(1, gauge(r, EdrPlaybookMetrics.RUNNER_READY, "runner", "jython"));
      assertEquals(0, count(r, EdrPlaybookMetrics.RUNNER_REPLACEMENTS, "runner", "jython"));
      assertTrue(engine.health().ready());
    }
  }

  @Test
  void aKilledCPythonWorkerCountsAReplacement() {
    Pythons.assumePython3();
    String killsItself = "import os, signal\n\ndef run(ctx):\n    os.kill(os.getpid(), signal.SIGKILL)\n";
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", killsItself).runner("cpython"))
        .runnerSettings(io.edrplaybook.spi.RunnerSettings.empty("cpython").with("interpreter", "python3")
            .with("workers", 1).with("pidNamespace", "off")).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r, FRESH)) {
      double before = count(r, EdrPlaybookMetrics.RUNNER_REPLACEMENTS, "runner", "cpython");
      EventOutcome o = Scenario.submitAndSettle(engine, "ev-1");
      assertEquals(InvocationStatus.FAILED, o.results().get(0).status(), o.toString());
      assertEquals(before + 1, count(r, EdrPlaybookMetrics.RUNNER_REPLACEMENTS, "runner", "cpython"));
      assertEquals(1, count(r, EdrPlaybookMetrics.RUNS, "status", "failed", "runner", "cpython"));
    }
  }

  private static PlaybookListener startedLatch(CountDownLatch started) {
    return new PlaybookListener() {
      @Override
      public void onStarted(InvocationStarted s) {
        started.countDown();
      }
    };
  }

  /** An in-memory journal whose {@code started} fails while {@code fail} is set. */
  private static ExecutionJournal failingStarts(AtomicBoolean fail) {
    InMemoryJournal real = new InMemoryJournal();
    return (ExecutionJournal) Proxy.newProxyInstance(ExecutionJournal.class.getClassLoader(),
        new Class<?>[] {ExecutionJournal.class}, (proxy, method, args) -> {
          if (method.getName().equals("started") && fail.get()) {
            throw new JournalException("the test journal refuses starts");
          }
          if (method.getName().equals("health") && fail.get()) {
            return io.edrplaybook.spi.JournalHealth.failing("the test journal refuses starts");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
