package io.edrplaybook.postgres;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Journal entries for tests. */
final class Entries {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");

  private Entries() {}

  static Invocation invocation(String eventId, Classification c, String action, String connector) {
    return new Invocation(UUID.randomUUID().toString(), eventId, "acme", c, action, connector, action + ".py",
        "jython", "default", false, 1);
  }

  static Invocation testRun(String action, String connector) {
    return new Invocation(UUID.randomUUID().toString(), "test-" + UUID.randomUUID(), "acme",
        Classification.MALICIOUS, action, connector, action + ".py", "jython", "default", true, 1);
  }

  static ClassificationChange change(String eventId, Classification c, Instant at) {
    return new ClassificationChange(eventId, "acme", c, Optional.empty(), at, Optional.of("soc"), "rule 1");
  }

  static InvocationStarted started(Invocation i) {
    return new InvocationStarted(i, T0.plusSeconds(1));
  }

  static InvocationResult succeeded(Invocation i) {
    return new InvocationResult(i, InvocationStatus.SUCCEEDED, T0.plusSeconds(1), Duration.ofMillis(5),
        "isolated", Optional.of(Map.of("ok", true)), "out\n", false, Optional.empty());
  }
}
