package io.edrplaybook.micrometer;

import static io.edrplaybook.micrometer.Scenario.count;
import static io.edrplaybook.micrometer.Scenario.submitAndSettle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.micrometer.Scenario.Line;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The meters that move with runs ending, on the real Jython runner. */
class RunMetersTest {
  private static final String OK = "def run(ctx):\n    return {'message': 'done'}\n";
  private static final String RAISES = "def run(ctx):\n    raise ValueError('the API said no')\n";
  private static final String SPINS = "def run(ctx):\n    while True:\n        pass\n";

  @Test
  void aFailingScriptCountsAFailedRunWithItsTags() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", RAISES)).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      EventOutcome o = submitAndSettle(engine, "ev-1");
      assertEquals(InvocationStatus.FAILED, o.results().get(0).status());
      String[] who = {"organization", "acme", "action", "Notify", "connector", "SOC Slack", "runner", "jython"};
      assertEquals(1, count(r, EdrPlaybookMetrics.RUNS, concat(who, "status", "failed")));
      assertEquals(0, count(r, EdrPlaybookMetrics.RUNS, "status", "succeeded"));
      assertEquals(1, count(r, EdrPlaybookMetrics.RUN_DURATION, concat(who, "status", "failed")));
    }
  }

  @Test
  void aSucceededRunCountsItsQueueWaitAndDuration() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", OK)).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      submitAndSettle(engine, "ev-1");
      submitAndSettle(engine, "ev-2");
      assertEquals(2, count(r, EdrPlaybookMetrics.RUNS, "status", "succeeded"));
      assertEquals(2, count(r, EdrPlaybookMetrics.RUN_QUEUE_WAIT, "organization", "acme", "connector", "SOC Slack"));
      assertEquals(2, count(r, EdrPlaybookMetrics.RUN_DURATION, "status", "succeeded"));
    }
  }

  @Test
  void aScriptPastItsDeadlineCountsATimedOutRun() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(
        Line.of("Notify", "SOC Slack", SPINS).timeout(Duration.ofMillis(300))).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      EventOutcome o = submitAndSettle(engine, "ev-1");
      assertEquals(InvocationStatus.TIMED_OUT, o.results().get(0).status());
      assertEquals(1, count(r, EdrPlaybookMetrics.RUNS, "status", "timed_out", "connector", "SOC Slack"));
    }
  }

  @Test
  void retriesCountEveryAttemptAfterTheFirst() {
    SimpleMeterRegistry r = Scenario.registry();
    RetryPolicy twice = new RetryPolicy(2, Duration.ZERO, Duration.ZERO);
    try (CorePlaybookEngine engine = Scenario.engine(
        Line.of("Notify", "SOC Slack", SPINS).timeout(Duration.ofMillis(200)).retry(twice, true)).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      EventOutcome o = submitAndSettle(engine, "ev-1");
      assertEquals(2, o.results().size(), o.toString());
      assertEquals(1, count(r, EdrPlaybookMetrics.RETRIES, "action", "Notify", "connector", "SOC Slack"));
      assertEquals(2, count(r, EdrPlaybookMetrics.RUNS, "status", "timed_out"));
    }
  }

  @Test
  void journalAppendsCountClassificationsStartsAndResults() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", OK),
        Line.of("Ticket", "Tickets", OK)).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      submitAndSettle(engine, "ev-1");
      assertEquals(1, count(r, EdrPlaybookMetrics.JOURNAL_APPENDS, "kind", "classification"));
      assertEquals(2, count(r, EdrPlaybookMetrics.JOURNAL_APPENDS, "kind", "start"));
      assertEquals(2, count(r, EdrPlaybookMetrics.JOURNAL_APPENDS, "kind", "result"));
      assertEquals(0, count(r, EdrPlaybookMetrics.JOURNAL_FAILURES));
    }
  }

  @Test
  void testButtonRunsAreCountedApartFromRuns() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", OK)).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      Scenario.await(engine.test("acme", "SOC Slack", "Notify", io.edrplaybook.api.TestMode.RUN_SCRIPT));
      Scenario.settle(engine);
      assertEquals(1, count(r, EdrPlaybookMetrics.TEST_RUNS, "status", "succeeded"));
      assertEquals(0, count(r, EdrPlaybookMetrics.RUNS));
    }
  }

  @Test
  void tagValuesPastTheCapAreRecordedAsOther() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", OK),
        Line.of("Ticket", "Tickets", OK)).build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r, MetricsOptions.defaults().withMaxTagValues(1))) {
      submitAndSettle(engine, "ev-1");
      double slack = count(r, EdrPlaybookMetrics.RUNS, "connector", "SOC Slack");
      double teams = count(r, EdrPlaybookMetrics.RUNS, "connector", "Tickets");
      assertEquals(1, slack + teams, "one connector keeps its name");
      assertEquals(1, count(r, EdrPlaybookMetrics.RUNS, "connector", EdrPlaybookMetrics.OTHER));
    }
  }

  @Test
  void closingTheBindingRemovesItsMetersAndStopsRecording() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", OK)).build()) {
      EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r);
      submitAndSettle(engine, "ev-1");
      assertEquals(1, count(r, EdrPlaybookMetrics.RUNS));
      m.close();
      assertNull(r.find(EdrPlaybookMetrics.RUNS).counter());
      assertNull(r.find(EdrPlaybookMetrics.RUNS_IN_FLIGHT).gauge());
      submitAndSettle(engine, "ev-2");
      assertNull(r.find(EdrPlaybookMetrics.RUNS).counter(), "a closed binding records nothing");
    }
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
