package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.spi.PlaybookListener;
import java.util.concurrent.atomic.AtomicInteger;

/** Shows progress: one line per classification and one per run as it ends (Test button runs aside). */
final class Progress implements PlaybookListener {
  private final Console console;
  private final AtomicInteger runs = new AtomicInteger();

  Progress(Console console) {
    this.console = console;
  }

  @Override
  public void onClassification(ClassificationChange c) {
    String what = c.previous().map(p -> "reclassified " + p.name() + " -> " + c.classification().name())
        .orElse("classified " + c.classification().name());
    console.out("  " + c.eventId() + " " + what + ": "
        + c.playbook().map(p -> "playbook \"" + p + "\"").orElse("no playbook") + " (" + Text.oneLine(c.note(), 100) + ")");
  }

  @Override
  public synchronized void onFinished(InvocationResult r) {
    if (r.invocation().test()) {
      return; // the Test button's result is printed by its caller
    }
    int n = runs.incrementAndGet();
    String message = Outcomes.message(r);
    console.out(String.format("  [%2d] %s %-10s %s on %s: %s in %s%s", n, r.invocation().eventId(),
        r.invocation().classification().name(), r.invocation().action(), r.invocation().connector(),
        r.status().name(), Text.duration(r.duration()), message.isBlank() ? "" : " - " + Text.oneLine(message, 100)));
  }
}
