package io.edrplaybook.core.internal.journal;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the journal knows of one event, folded from its records oldest first: its classification,
 * the holder and last status of each of its run keys, and the invocations that ended. Held only in
 * the journal's bounded cache; rebuilt from the event's chain of records on a miss.
 */
public final class EventSummary {
  /** The holder of one run key. */
  public static final class Run {
    /** The invocation that holds the key. */
    public String holder;
    /** Whether the holder started. */
    public boolean started;
    /** How the holder ended; null while it has not. */
    public InvocationStatus last;

    Run(String holder) {
      this.holder = holder;
    }
  }

  private final EventKey event;
  private Classification current;
  private Classification previous;
  private final Map<RunKey, Run> runs = new HashMap<>(4);
  private final Set<String> ended = new HashSet<>(4);
  /** The log position of the event's newest record, 0 for none. */
  long latest;
  /** The time of the event's newest history entry, epoch seconds; Long.MIN_VALUE for none. */
  long lastEntry = Long.MIN_VALUE;

  EventSummary(EventKey event) {
    this.event = event;
  }

  /** Returns the event's state; empty before its first classification. */
  public Optional<EventState> state() {
    return current == null ? Optional.empty()
        : Optional.of(new EventState(event, current, Optional.ofNullable(previous)));
  }

  /** Returns the current classification, null before the first. */
  public Classification current() {
    return current;
  }

  /** Returns the holder of {@code key}, null when nothing holds it. */
  public Run run(RunKey key) {
    return runs.get(key);
  }

  /** Returns whether invocation {@code id} has a terminal record. */
  public boolean ended(String id) {
    return ended.contains(id);
  }

  EventKey event() {
    return event;
  }

  Classification previous() {
    return previous;
  }

  Map<RunKey, Run> runs() {
    return runs;
  }

  Set<String> endedIds() {
    return ended;
  }

  /** Sets the classification (when read from a state record). */
  void classification(Classification current, Classification previous) {
    this.current = current;
    this.previous = previous;
  }

  /** Returns a copy, to fold newer records onto. */
  EventSummary copy() {
    EventSummary c = new EventSummary(event);
    c.current = current;
    c.previous = previous;
    runs.forEach((k, r) -> {
      Run run = new Run(r.holder);
      run.started = r.started;
      run.last = r.last;
      c.runs.put(k, run);
    });
    c.ended.addAll(ended);
    c.lastEntry = lastEntry;
    return c;
  }

  /** Adds a run read from a state record. */
  void putRun(RunKey key, String holder, boolean started, InvocationStatus last) {
    Run run = new Run(holder);
    run.started = started;
    run.last = last;
    runs.put(key, run);
  }

  void addEnded(String id) {
    ended.add(id);
  }

  /** Applies one record, the next newer one. */
  void apply(Rec r) {
    Invocation i = r.invocation();
    if (r.entry() != null) {
      lastEntry = Math.max(lastEntry, r.time().getEpochSecond());
    }
    switch (r.type()) {
      case Rec.CLASSIFY -> {
        ClassificationChange c = (ClassificationChange) r.entry();
        previous = c.previous().orElse(null);
        current = c.classification();
      }
      case Rec.STATE -> {
        EventSummary base = r.snapshot();
        current = base.current;
        previous = base.previous;
        runs.clear();
        base.copy().runs.forEach(runs::put);
        ended.clear();
        ended.addAll(base.ended);
        lastEntry = Math.max(lastEntry, base.lastEntry);
      }
      case Rec.CLAIM, Rec.AWAIT -> runs.put(i.runKey(), new Run(i.id()));
      case Rec.UNDO, Rec.UNDONE -> {
        // an undo's schedule is the store's; its run is a run of its own key
      }
      case Rec.DECIDE -> {
        // a decision that ends the run is followed by its terminal record; one that runs it keeps the claim
      }
      case Rec.RELEASE -> {
        Run run = runs.get(i.runKey());
        if (run != null && run.holder.equals(i.id())) {
          runs.remove(i.runKey());
        }
      }
      case Rec.STARTED -> {
        if (!i.test()) {
          Run run = runs.computeIfAbsent(i.runKey(), k -> new Run(i.id()));
          run.holder = i.id();
          run.started = true;
          run.last = null;
        }
      }
      case Rec.FINISHED -> {
        ended.add(i.id());
        if (!i.test()) {
          InvocationStatus status = ((InvocationResult) r.entry()).status();
          Run run = runs.computeIfAbsent(i.runKey(), k -> new Run(i.id()));
          if (run.holder.equals(i.id())) {
            run.last = status;
          }
        }
      }
      default -> throw new IllegalArgumentException("unknown record type " + r.type());
    }
  }
}
