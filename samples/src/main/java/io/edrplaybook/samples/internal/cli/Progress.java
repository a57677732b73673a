package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.spi.PlaybookListener;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shows progress: one line per classification and one per run as it ends (Test button runs aside),
 * for the first {@code limit} events only, so that a file of any length prints a bounded amount
 * (and keeps a bounded set of keys); {@code limit} {@link Integer#MAX_VALUE} shows every event.
 */
final class Progress implements PlaybookListener {
  private final Console console;
  private final int limit;
  private final Set<EventKey> shown = new HashSet<>();
  private final AtomicInteger runs = new AtomicInteger();

  Progress(Console console) {
    this(console, Integer.MAX_VALUE);
  }

  Progress(Console console, int limit) {
    this.console = console;
    this.limit = limit;
  }

  /** Whether the lines of {@code event} are shown (the first {@code limit} events are). */
  synchronized boolean shows(EventKey event) {
    if (limit == Integer.MAX_VALUE || shown.contains(event)) {
      return true;
    }
    if (shown.size() < limit) {
      shown.add(event);
      return true;
    }
    return false;
  }

  @Override
  public void onClassification(ClassificationChange c) {
    if (!shows(c.eventKey())) {
      return;
    }
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
    if (!shows(r.eventKey())) {
      return;
    }
    String message = Outcomes.message(r);
    console.out(String.format("  [%2d] %s %-10s %s on %s: %s in %s%s", n, r.invocation().eventId(),
        r.invocation().classification().name(), r.invocation().action(), r.invocation().connector(),
        r.status().name(), Text.duration(r.duration()), message.isBlank() ? "" : " - " + Text.oneLine(message, 100)));
  }

  @Override
  public void onAwaitingApproval(io.edrplaybook.api.AwaitingApproval a) {
    if (!shows(a.eventKey())) {
      return;
    }
    console.out(String.format("       %s %-10s %s on %s: AWAITING_APPROVAL until %s (then: %s)", a.eventId(),
        a.invocation().classification().name(), a.invocation().action(), a.invocation().connector(), a.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        a.onExpiry().name().toLowerCase(java.util.Locale.ROOT)));
  }

  @Override
  public void onApprovalDecided(io.edrplaybook.api.ApprovalDecision d) {
    if (!shows(d.eventKey())) {
      return;
    }
    console.out(String.format("       %s %-10s %s on %s: %s by %s%s", d.eventId(),
        d.invocation().classification().name(), d.invocation().action(), d.invocation().connector(),
        d.verdict().name(), d.by(), d.comment().isBlank() ? "" : " - " + Text.oneLine(d.comment(), 100)));
  }

  @Override
  public void onUndoEnded(io.edrplaybook.api.UndoEnded u) {
    if (!shows(u.eventKey())) {
      return;
    }
    console.out(String.format("       %s %-10s %s on %s: %s (%s)", u.eventId(), u.original().classification().name(),
        u.original().action(), u.original().connector(), u.ran() ? "UNDONE" : "UNDO_CANCELLED",
        Text.oneLine(u.reason(), 100)));
  }
}
