package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.EngineHealth;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunnerHealth;
import io.edrplaybook.spi.PlaybookListener;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one line {@code run} and {@code demo} end with: the numbers the metrics module publishes
 * (runs by status, retries; from the engine's health, worker replacements, abandoned threads, the
 * journal). A listener: counts on the notifier thread; read it after {@code awaitListeners}.
 */
final class RunSummary implements PlaybookListener {
  private final Map<InvocationStatus, Integer> byStatus = new EnumMap<>(InvocationStatus.class);
  private int runs;
  private int retries;

  @Override
  public synchronized void onFinished(InvocationResult r) {
    if (r.invocation().test()) {
      return;
    }
    runs++;
    byStatus.merge(r.status(), 1, Integer::sum);
    if (r.invocation().attempt() > 1) {
      retries++;
    }
  }

  /** The line, with what {@code health} says of the runners and the journal. */
  synchronized String line(EngineHealth health) {
    StringJoiner statuses = new StringJoiner(", ", " (", ")");
    statuses.setEmptyValue("");
    byStatus.forEach((s, n) -> statuses.add(n + " " + s.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
    long replacements = health.runners().stream().mapToLong(RunnerHealth::replacements).sum();
    return "summary: " + runs + " run" + (runs == 1 ? "" : "s") + statuses + ", " + retries + " retr"
        + (retries == 1 ? "y" : "ies") + ", " + replacements + " worker replacement" + (replacements == 1 ? "" : "s")
        + ", " + health.abandonedThreads() + " abandoned thread" + (health.abandonedThreads() == 1 ? "" : "s")
        + ", journal " + (health.journalWritable() ? "writable"
            : "NOT writable: " + health.journalProblem().orElse("?"));
  }
}
