package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.ClassificationChange;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine knows of events: each one's current and previous classification, and which
 * (event, classification, action, connector) already ran. Thread-safe.
 */
public final class EventBook {

  /** One event's classifications and the runs done for it; guarded by its own monitor. */
  public static final class EventState {
    private Classification current;
    private Classification previous;
    private final EnumMap<Classification, Set<String>> ran = new EnumMap<>(Classification.class);

    /**
     * Claims the run of {@code targetKey} (action and connector) for {@code classification}:
     * false when it already ran or is running.
     */
    public synchronized boolean claim(Classification classification, String targetKey) {
      return ran.computeIfAbsent(classification, c -> new HashSet<>(4)).add(targetKey);
    }

    /** Gives a claim back: the run never started, so a resubmission may run it. */
    public synchronized void unclaim(Classification classification, String targetKey) {
      Set<String> s = ran.get(classification);
      if (s != null) {
        s.remove(targetKey);
      }
    }

    /** Returns whether the run of {@code targetKey} for {@code classification} happened. */
    public synchronized boolean ran(Classification classification, String targetKey) {
      Set<String> s = ran.get(classification);
      return s != null && s.contains(targetKey);
    }

    /**
     * Moves to {@code next}.
     *
     * @return whether this is a change to record (false when it is the same classification again)
     */
    public synchronized boolean classify(Classification next) {
      if (next == current) {
        return false;
      }
      previous = current;
      current = next;
      return true;
    }

    /** Returns the classification before the current one. */
    public synchronized Optional<Classification> previous() {
      return Optional.ofNullable(previous);
    }
  }

  private final Map<String, EventState> events = new ConcurrentHashMap<>();
  private final Set<io.edrplaybook.api.RunKey> interrupted = ConcurrentHashMap.newKeySet();

  private void claim(Invocation i) {
    state(i.eventId()).claim(i.classification(), Target.keyOf(i.action(), i.connector()));
  }

  /** Returns the state of {@code eventId}, creating it. */
  public EventState state(String eventId) {
    return events.computeIfAbsent(eventId, k -> new EventState());
  }

  /** Returns whether the event was ever seen. */
  public boolean known(String eventId) {
    return events.containsKey(eventId);
  }

  /**
   * Takes the one re-run an interrupted run may have (for an idempotent action): true once per
   * key that a stop of the host interrupted.
   */
  public boolean takeInterrupted(io.edrplaybook.api.RunKey runKey) {
    return interrupted.remove(runKey);
  }

  /**
   * Learns from a journal's entries, in order, and returns the runs that started but never
   * ended: the host stopped while they were in flight.
   */
  public List<Invocation> replay(Iterable<HistoryEntry> entries) {
    Map<String, Invocation> open = new LinkedHashMap<>();
    for (HistoryEntry e : entries) {
      if (e instanceof ClassificationChange c) {
        state(c.eventId()).classify(c.classification());
      } else if (e instanceof InvocationStarted s) {
        open.put(s.invocation().id(), s.invocation());
      } else if (e instanceof InvocationResult r) {
        boolean started = open.remove(r.invocation().id()) != null;
        boolean neverRan = !started
            && (r.status() == InvocationStatus.REJECTED || r.status() == InvocationStatus.CANCELLED);
        if (!r.invocation().test() && !neverRan) {
          claim(r.invocation());
        }
      }
    }
    open.values().stream().filter(i -> !i.test()).forEach(i -> {
      claim(i);
      interrupted.add(i.runKey());
    });
    return List.copyOf(open.values());
  }
}
