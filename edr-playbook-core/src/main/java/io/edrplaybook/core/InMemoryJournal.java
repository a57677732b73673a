package io.edrplaybook.core;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.JournalHealth;
import io.edrplaybook.spi.RunClaim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The development and test {@link ExecutionJournal}: run state and history kept in memory, lost
 * with the process, and bounded. It keeps at most {@code maxEvents} events (default 100 000); past
 * that, the least recently used event whose runs have all ended is forgotten first (a forgotten
 * event submitted again is a new event). An optional maximum age forgets events whose last entry
 * is older. Use a {@link FileJournal} (one host) or the PostgreSQL journal (several) in production.
 *
 * <p>Share one instance between two engines one after the other and the second knows what the
 * first ran. Thread-safe: one lock serializes every call.
 */
public final class InMemoryJournal implements ExecutionJournal {

  /** The default bound on the number of events kept. */
  public static final int DEFAULT_MAX_EVENTS = 100_000;

  private final int maxEvents;
  private final Duration maxAge;
  private final Clock clock;
  private final LinkedHashMap<EventKey, EventRecord> events = new LinkedHashMap<>(16, 0.75f, true);
  /** The undos scheduled, by the key of the run they undo. */
  private final LinkedHashMap<RunKey, io.edrplaybook.api.UndoScheduled> undos = new LinkedHashMap<>();
  /** The runs awaiting approval, by key, in request order. */
  private final LinkedHashMap<RunKey, AwaitingApproval> awaiting = new LinkedHashMap<>();
  private boolean recovered;
  private boolean closed;

  /** Creates an empty journal that keeps at most {@link #DEFAULT_MAX_EVENTS} events. */
  public InMemoryJournal() {
    this(DEFAULT_MAX_EVENTS, null, Clock.systemUTC());
  }

  private InMemoryJournal(int maxEvents, Duration maxAge, Clock clock) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be at least 1, was " + maxEvents);
    }
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
    }
    this.maxEvents = maxEvents;
    this.maxAge = maxAge;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates an empty journal with its own bounds.
   *
   * @param maxEvents how many events to keep, at least 1
   * @param maxAge forget events whose last entry is older than this; null for no age bound
   * @return the journal
   */
  public static InMemoryJournal bounded(int maxEvents, Duration maxAge) {
    return new InMemoryJournal(maxEvents, maxAge, Clock.systemUTC());
  }

  /** One event: its classification, its history, its runs. Guarded by the journal's lock. */
  private static final class EventRecord {
    Classification current;
    Classification previous;
    final List<HistoryEntry> entries = new ArrayList<>(4);
    final Map<RunKey, Run> runs = new HashMap<>(4);
    final Set<String> ended = new HashSet<>(4);
    Instant last = Instant.MIN;

    boolean hasOpenRuns() {
      for (Run r : runs.values()) {
        if (r.lastStatus == null) {
          return true;
        }
      }
      return false;
    }

    void add(HistoryEntry e) {
      entries.add(e);
      if (e.time().isAfter(last)) {
        last = e.time();
      }
    }
  }

  /** The holder of a run key: which invocation, whether it started, how its last attempt ended. */
  private static final class Run {
    String holder;
    boolean started;
    InvocationStatus lastStatus;

    Run(String holder) {
      this.holder = holder;
    }
  }

  @Override
  public synchronized Classified classify(ClassificationChange change) {
    Objects.requireNonNull(change, "change");
    ensureOpen();
    EventKey key = change.eventKey();
    EventRecord e = events.get(key);
    if (e == null) {
      e = new EventRecord();
      events.put(key, e);
    }
    Optional<ClassificationChange> recorded = Optional.empty();
    if (e.current != change.classification()) {
      ClassificationChange c = new ClassificationChange(change.eventId(), change.organization(),
          change.classification(), Optional.ofNullable(e.current), change.time(), change.playbook(), change.note());
      e.previous = e.current;
      e.current = change.classification();
      e.add(c);
      recorded = Optional.of(c);
    }
    EventState state = new EventState(key, e.current, Optional.ofNullable(e.previous));
    trim();
    return new Classified(state, recorded);
  }

  @Override
  public synchronized Optional<EventState> event(EventKey event) {
    Objects.requireNonNull(event, "event");
    ensureOpen();
    EventRecord e = events.get(event);
    if (e == null || e.current == null) {
      return Optional.empty();
    }
    return Optional.of(new EventState(event, e.current, Optional.ofNullable(e.previous)));
  }

  @Override
  public synchronized RunClaim claim(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    ensureOpen();
    RunKey key = invocation.runKey();
    EventRecord e = events.get(key.event());
    if (e == null) {
      e = new EventRecord();
      events.put(key.event(), e);
    }
    Run run = e.runs.get(key);
    if (run != null) {
      return RunClaim.held(key, Optional.ofNullable(run.lastStatus));
    }
    e.runs.put(key, new Run(invocation.id()));
    return RunClaim.granted(key);
  }

  @Override
  public synchronized boolean retake(Invocation invocation, Set<InvocationStatus> from) {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(from, "from");
    ensureOpen();
    EventRecord e = events.get(invocation.eventKey());
    Run run = e == null ? null : e.runs.get(invocation.runKey());
    if (run == null || run.lastStatus == null || !from.contains(run.lastStatus)) {
      return false;
    }
    run.holder = invocation.id();
    run.started = false;
    run.lastStatus = null;
    return true;
  }

  @Override
  public synchronized void release(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    ensureOpen();
    EventRecord e = events.get(invocation.eventKey());
    Run run = e == null ? null : e.runs.get(invocation.runKey());
    if (run != null && run.holder.equals(invocation.id()) && !run.started && run.lastStatus == null) {
      e.runs.remove(invocation.runKey());
    }
  }

  @Override
  public synchronized Optional<RunClaim> claimOf(RunKey key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    EventRecord e = events.get(key.event());
    Run run = e == null ? null : e.runs.get(key);
    return run == null ? Optional.empty() : Optional.of(RunClaim.held(key, Optional.ofNullable(run.lastStatus)));
  }

  @Override
  public synchronized void started(InvocationStarted started) {
    Objects.requireNonNull(started, "started");
    ensureOpen();
    Invocation i = started.invocation();
    RunKey key = i.runKey(); // one key object for both lookups (its event key is the event's)
    EventRecord e = events.get(key.event());
    if (e == null) {
      e = new EventRecord();
      events.put(key.event(), e);
    }
    if (!i.test()) {
      Run run = e.runs.get(key);
      if (run == null) {
        run = new Run(i.id());
        e.runs.put(key, run);
      }
      run.holder = i.id();
      run.started = true;
      run.lastStatus = null;
    }
    e.add(started);
  }

  @Override
  public synchronized boolean finished(InvocationResult result) {
    Objects.requireNonNull(result, "result");
    ensureOpen();
    Invocation i = result.invocation();
    RunKey key = i.runKey();
    EventRecord e = events.get(key.event());
    if (e == null) {
      e = new EventRecord();
      events.put(key.event(), e);
    }
    if (!e.ended.add(i.id())) {
      return false;
    }
    if (!i.test()) {
      Run run = e.runs.get(key);
      if (run != null && run.holder.equals(i.id())) {
        run.lastStatus = result.status();
      }
    }
    e.add(result);
    trim();
    return true;
  }

  @Override
  public synchronized List<InvocationResult> recoverInterrupted(Instant now) {
    Objects.requireNonNull(now, "now");
    ensureOpen();
    if (recovered) {
      return List.of();
    }
    recovered = true;
    // a journal in memory outlives an engine only when the host handed it to a new one
    List<InvocationResult> out = new ArrayList<>();
    for (EventRecord e : events.values()) {
      for (HistoryEntry h : List.copyOf(e.entries)) {
        if (h instanceof InvocationStarted s && !e.ended.contains(s.invocation().id())) {
          InvocationResult r = InvocationResult.notRun(s.invocation(), InvocationStatus.INTERRUPTED, now,
              "interrupted: the run started but its engine stopped before it ended; its outcome is unknown");
          e.ended.add(s.invocation().id());
          Run run = e.runs.get(s.invocation().runKey());
          if (run != null && run.holder.equals(s.invocation().id())) {
            run.lastStatus = InvocationStatus.INTERRUPTED;
          }
          e.add(r);
          out.add(r);
        }
      }
      e.runs.entrySet().removeIf(r -> !r.getValue().started && r.getValue().lastStatus == null
          && !awaiting.containsKey(r.getKey()));
    }
    return out;
  }

  @Override
  public synchronized void awaitApproval(AwaitingApproval request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    Invocation i = request.invocation();
    EventRecord e = events.get(i.eventKey());
    Run run = e == null ? null : e.runs.get(i.runKey());
    if (run == null || !run.holder.equals(i.id()) || run.started || run.lastStatus != null
        || awaiting.containsKey(i.runKey())) {
      throw new IllegalStateException("run " + i.id() + " does not hold an unstarted claim of " + i.runKey()
          + ": it cannot await approval");
    }
    awaiting.put(i.runKey(), request);
    e.add(request);
  }

  @Override
  public synchronized Optional<AwaitingApproval> decide(ApprovalDecision decision) {
    Objects.requireNonNull(decision, "decision");
    ensureOpen();
    AwaitingApproval request = awaiting.get(decision.runKey());
    if (request == null || !request.invocation().id().equals(decision.invocation().id())) {
      return Optional.empty();
    }
    awaiting.remove(decision.runKey());
    EventRecord e = events.computeIfAbsent(decision.eventKey(), k -> new EventRecord());
    e.add(decision);
    decision.terminalRecord().ifPresent(this::finished);
    return Optional.of(request);
  }

  @Override
  public synchronized Optional<AwaitingApproval> awaiting(RunKey key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    return Optional.ofNullable(awaiting.get(key));
  }

  @Override
  public synchronized List<AwaitingApproval> pending(String organization) {
    Objects.requireNonNull(organization, "organization");
    ensureOpen();
    return awaiting.values().stream().filter(a -> a.organization().equals(organization))
        .sorted(java.util.Comparator.comparing(AwaitingApproval::time)).toList();
  }

  @Override
  public synchronized List<AwaitingApproval> approvalsDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    ensureOpen();
    return awaiting.values().stream().filter(a -> a.expired(now))
        .sorted(java.util.Comparator.comparing(AwaitingApproval::expiresAt)).limit(Math.max(1, limit)).toList();
  }

  @Override
  public synchronized boolean scheduleUndo(io.edrplaybook.api.UndoScheduled undo) {
    Objects.requireNonNull(undo, "undo");
    ensureOpen();
    if (undos.containsKey(undo.runKey())) {
      return false;
    }
    undos.put(undo.runKey(), undo);
    events.computeIfAbsent(undo.eventKey(), k -> new EventRecord()).add(undo);
    return true;
  }

  @Override
  public synchronized List<io.edrplaybook.api.UndoScheduled> undosDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    ensureOpen();
    return undos.values().stream().filter(u -> u.due(now))
        .sorted(java.util.Comparator.comparing(u -> u.dueAt().orElseThrow())).limit(Math.max(1, limit)).toList();
  }

  @Override
  public synchronized boolean undoEnded(io.edrplaybook.api.UndoEnded ended) {
    Objects.requireNonNull(ended, "ended");
    ensureOpen();
    if (undos.remove(ended.runKey()) == null) {
      return false;
    }
    events.computeIfAbsent(ended.eventKey(), k -> new EventRecord()).add(ended);
    return true;
  }

  @Override
  public synchronized List<HistoryEntry> history(EventKey event) {
    Objects.requireNonNull(event, "event");
    ensureOpen();
    EventRecord e = events.get(event);
    return e == null ? List.of() : List.copyOf(e.entries);
  }

  @Override
  public synchronized long forgetBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    ensureOpen();
    long n = 0;
    for (Iterator<EventRecord> it = events.values().iterator(); it.hasNext(); ) {
      EventRecord e = it.next();
      if (e.last.isBefore(cutoff) && !e.hasOpenRuns() && !hasUndo(e)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  /** Returns how many events the journal holds. */
  public synchronized int eventCount() {
    return events.size();
  }

  /** Returns how many entries the journal holds. */
  public synchronized int size() {
    return events.values().stream().mapToInt(e -> e.entries.size()).sum();
  }

  @Override
  public synchronized JournalHealth health() {
    return closed ? JournalHealth.failing("The in-memory journal is closed") : JournalHealth.ok();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void trim() {
    if (maxAge != null) {
      forgetBefore(clock.instant().minus(maxAge));
    }
    if (events.size() <= maxEvents) {
      return;
    }
    for (Iterator<EventRecord> it = events.values().iterator(); it.hasNext() && events.size() > maxEvents; ) {
      EventRecord next = it.next();
      if (!next.hasOpenRuns() && !hasUndo(next)) {
        it.remove();
      }
    }
  }

  /** Whether an undo is scheduled for one of the event's runs: such an event is kept. */
  private boolean hasUndo(EventRecord e) {
    if (undos.isEmpty()) {
      return false;
    }
    for (RunKey k : e.runs.keySet()) {
      if (undos.containsKey(k)) {
        return true;
      }
    }
    return false;
  }

  private void ensureOpen() {
    if (closed) {
      throw new JournalException("The in-memory journal is closed");
    }
  }
}
