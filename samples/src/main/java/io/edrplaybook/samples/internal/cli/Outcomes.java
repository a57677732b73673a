package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts what a submission did, a retried run counted once by its last attempt; a run's message. */
final class Outcomes {

  private Outcomes() {}

  /** The runs of {@code outcome} whose last attempt did not succeed. */
  static int failed(EventOutcome outcome) {
    Map<io.edrplaybook.api.RunKey, InvocationResult> last = new LinkedHashMap<>();
    outcome.results().forEach(r -> last.put(r.invocation().runKey(), r));
    return (int) last.values().stream().filter(r -> !r.status().succeeded()).count();
  }

  /** The runs of {@code outcome}, a retried one counted once. */
  static int runs(EventOutcome outcome) {
    return (int) outcome.results().stream().map(r -> r.invocation().runKey()).distinct().count();
  }

  /** The run's one-line summary, else its error's when it recorded none. */
  static String message(InvocationResult r) {
    return r.message().isBlank() ? r.error().map(e -> e.summary()).orElse("") : r.message();
  }
}
