package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17 item 7: ctx["event"]["time"] has one fixed format, plus an epoch number. */
class EventContextTest {
  private final FakeRunner runner = new FakeRunner();

  private Map<String, Object> eventCtxFor(String time) {
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      await(engine.submit(SecurityEvent.builder().id("ev-" + time).organization("acme")
          .device(Device.of("LAPTOP-7", "Laptops", "10.1.2.3", "Windows 11"))
          .classification(Classification.MALICIOUS).time(Instant.parse(time)).details(Map.of()).build()));
    }
    return runner.callsOf("slack.py").get(runner.callsOf("slack.py").size() - 1).ctx("event");
  }

  @Test
  void timeIsUtcWithExactlyMillisecondsWhateverThePrecisionOfTheEvent() {
    assertEquals("2026-01-01T09:00:00.000Z", eventCtxFor("2026-01-01T09:00:00Z").get("time"));
    assertEquals("2026-01-01T09:00:00.120Z", eventCtxFor("2026-01-01T09:00:00.12Z").get("time"));
    assertEquals("2026-01-01T09:00:00.123Z", eventCtxFor("2026-01-01T09:00:00.123456789Z").get("time"));
  }

  @Test
  void epochMillisGivesTheSameInstantAsANumber() {
    assertEquals(Instant.parse("2026-01-01T09:00:00.123Z").toEpochMilli(),
        eventCtxFor("2026-01-01T09:00:00.123456789Z").get("epochMillis"));
  }
}
