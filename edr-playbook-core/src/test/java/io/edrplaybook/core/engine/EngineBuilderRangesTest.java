package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edrplaybook.core.CorePlaybookEngine;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 11 item 11: every engine setting has a documented range, refused outside it with the value. */
class EngineBuilderRangesTest {
  private final CorePlaybookEngine.Builder b = CorePlaybookEngine.builder();

  @Test
  void aDefaultTimeoutOutsideOneMillisecondToADayIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> b.defaultTimeout(Duration.ofHours(999_999_999_999L)));
    assertEquals("defaultTimeout must be between PT0.001S and PT24H, was PT999999999999H", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.defaultTimeout(Duration.ZERO));
  }

  @Test
  void laneSettingsOutsideTheirRangesAreRefused() {
    assertEquals("laneConcurrency must be between 1 and 1024, was 100000",
        assertThrows(IllegalArgumentException.class, () -> b.laneConcurrency(100_000)).getMessage());
    assertEquals("laneQueueCapacity must be between 0 and 1000000, was 2000000000",
        assertThrows(IllegalArgumentException.class, () -> b.laneQueueCapacity(2_000_000_000)).getMessage());
    assertEquals("maxLaneThreads must be between 1 and 10000, was 0",
        assertThrows(IllegalArgumentException.class, () -> b.maxLaneThreads(0)).getMessage());
    assertEquals("closeGrace must be between PT0S and PT1H, was PT-1S",
        assertThrows(IllegalArgumentException.class, () -> b.closeGrace(Duration.ofSeconds(-1))).getMessage());
  }
}
