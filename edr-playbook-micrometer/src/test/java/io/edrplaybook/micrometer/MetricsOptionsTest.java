package io.edrplaybook.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.micrometer.Scenario.Line;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binding's options: checked, and applied to the timers. */
class MetricsOptionsTest {

  @Test
  void badOptionsAreRefusedWithEveryProblemAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MetricsOptions(0, List.of(1.5), false, Duration.ofMinutes(5)));
    assertTrue(e.getMessage().contains("maxTagValues must be between 1 and 10000, was 0"), e.getMessage());
    assertTrue(e.getMessage().contains("each percentile must be between 0 and 1 (exclusive), was 1.5"), e.getMessage());
    assertTrue(e.getMessage().contains("snapshotTtl must be between PT0S and PT1M, was PT5M"), e.getMessage());
  }

  @Test
  void timersPublishNoPercentilesUnlessAsked() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", "def run(ctx):\n    pass\n"))
        .build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r)) {
      Scenario.submitAndSettle(engine, "ev-1");
      Timer t = r.find(EdrPlaybookMetrics.RUN_DURATION).timer();
      assertEquals(0, t.takeSnapshot().percentileValues().length);
    }
  }

  @Test
  void timersPublishThePercentilesAskedFor() {
    SimpleMeterRegistry r = Scenario.registry();
    try (CorePlaybookEngine engine = Scenario.engine(Line.of("Notify", "SOC Slack", "def run(ctx):\n    pass\n"))
        .build();
        EdrPlaybookMetrics m = EdrPlaybookMetrics.bind(engine, r, MetricsOptions.defaults().withPercentiles(0.5, 0.99))) {
      Scenario.submitAndSettle(engine, "ev-1");
      Timer t = r.find(EdrPlaybookMetrics.RUN_DURATION).timer();
      assertEquals(2, t.takeSnapshot().percentileValues().length);
    }
  }
}
