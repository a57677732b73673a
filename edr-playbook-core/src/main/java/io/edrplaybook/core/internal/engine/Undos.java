package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoPolicy;
import io.edrplaybook.api.UndoScheduled;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunClaim;
import io.edrplaybook.spi.ScriptCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's undos: schedules the undo of a run whose row asks for one (when the run is
 * accepted), and fires it — the script's {@code undo(ctx)}, as its own run of {@code "undo:
 * <action>"}, claimed like any run, so it runs once across engines — when it is due or the event
 * is reclassified to one of its classifications; cancels it when the run did not succeed. Keeps
 * nothing itself: the journal holds what is scheduled. Thread-safe.
 */
public final class Undos {
  private static final Logger log = LoggerFactory.getLogger(Undos.class);
  static final int SWEEP_BATCH = 500;

  private final Recorder recorder;
  private final Dispatcher dispatcher;
  private final Supplier<Snapshot> snapshot;
  private final Clock clock;
  private final Duration defaultTimeout;
  private final Supplier<String> ids;

  /** Creates the undos of an engine; {@code ids} gives new invocation ids. */
  public Undos(Recorder recorder, Dispatcher dispatcher, Supplier<Snapshot> snapshot, Clock clock,
      Duration defaultTimeout, Supplier<String> ids) {
    this.recorder = recorder;
    this.dispatcher = dispatcher;
    this.snapshot = snapshot;
    this.clock = clock;
    this.defaultTimeout = defaultTimeout;
    this.ids = ids;
  }

  /**
   * Schedules the undo of {@code original} per {@code policy}, before the run starts. A failure of
   * the journal is reported (log, listeners, health) and leaves the run without an undo.
   */
  public void schedule(Invocation original, UndoPolicy policy, Map<String, Object> eventCtx, SecretMasker masker) {
    Instant now = clock.instant();
    @SuppressWarnings("unchecked")
    Map<String, Object> event = (Map<String, Object>) masker.maskValue(eventCtx);
    UndoScheduled u = new UndoScheduled(original, now, policy.after().map(now::plus), policy.onReclassifiedTo(),
        event);
    try {
      recorder.scheduleUndo(u);
    } catch (io.edrplaybook.api.JournalException | UnsupportedOperationException e) {
      log.warn("The undo of run {} ({}) could not be scheduled: {}", original.id(), original.runKey(), e.getMessage());
    }
  }

  /** Fires every undo due at {@code now}; returns the undo runs started and the cancellations. */
  public List<CompletableFuture<InvocationResult>> sweep(Instant now) {
    List<CompletableFuture<InvocationResult>> out = new ArrayList<>();
    for (UndoScheduled u : recorder.undosDue(now, SWEEP_BATCH)) {
      fire(u, "after " + Duration.between(u.time(), u.dueAt().orElseThrow()), now).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The reclassification trigger: fires the undos of the event's runs scheduled for a
   * reclassification to {@code now}.
   */
  public List<CompletableFuture<InvocationResult>> onReclassification(EventKey event, Classification now, Instant at) {
    List<CompletableFuture<InvocationResult>> out = new ArrayList<>();
    for (UndoScheduled u : scheduledOf(recorder.history(event))) {
      if (u.onReclassifiedTo().contains(now)) {
        fire(u, "reclassified " + now, at).ifPresent(out::add);
      }
    }
    return out;
  }

  /** The undos of a history that no {@link UndoEnded} ended. */
  static List<UndoScheduled> scheduledOf(List<HistoryEntry> history) {
    Set<RunKey> ended = new HashSet<>();
    List<UndoScheduled> out = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry e = history.get(i);
      if (e instanceof UndoEnded d) {
        ended.add(d.runKey());
      } else if (e instanceof UndoScheduled u && ended.add(u.runKey())) {
        out.add(0, u);
      }
    }
    return out;
  }

  /**
   * Fires {@code u}: cancels it when its run did not succeed, else claims and dispatches the undo
   * run. Empty when there is nothing to do now (the run has not ended; another engine runs the
   * undo).
   */
  private Optional<CompletableFuture<InvocationResult>> fire(UndoScheduled u, String reason, Instant now) {
    Invocation original = u.original();
    Optional<RunClaim> held = recorder.claimOf(original.runKey());
    if (held.isEmpty()) {
      // nothing holds the run's key: it never started and gave its claim back (its lane refused it)
      cancel(u, "cancelled: the run it would undo never ran", now);
      return Optional.empty();
    }
    Optional<InvocationStatus> status = held.get().lastStatus();
    if (status.isEmpty()) {
      log.debug("The undo of {} waits: the run has not ended", original.runKey());
      return Optional.empty();
    }
    if (status.get() != InvocationStatus.SUCCEEDED) {
      cancel(u, "cancelled: the run it would undo ended " + status.get(), now);
      return Optional.empty();
    }
    Invocation undo = new Invocation(ids.get(), original.eventId(), original.organization(),
        original.classification(), UndoScheduled.undoAction(original.action()), original.connector(),
        original.script(), original.runner(), original.jumpBox(), false, 1);
    RunClaim claim = recorder.claim(undo);
    if (!claim.granted()) {
      if (claim.lastStatus().isPresent()) {
        // it ran (another engine, or before a restart) and the schedule was not ended: end it now
        cancel(u, "the undo already ran: it ended " + claim.lastStatus().get(), now);
      }
      return Optional.empty();
    }
    Snapshot snap = snapshot.get();
    Configuration cfg = snap.configuration();
    Optional<Action> action = cfg.action(original.organization(), original.action());
    Optional<Target> target = snap.target(original.organization(), original.connector(), original.action());
    if (action.isEmpty() || target.isEmpty()) {
      String why = "not run: action \"" + original.action() + "\" on connector \"" + original.connector()
          + "\" is no longer configured";
      InvocationResult r = InvocationResult.notRun(undo, InvocationStatus.CANCELLED, now, why);
      recorder.finished(r);
      end(u, undo, reason, now);
      return Optional.of(CompletableFuture.completedFuture(r));
    }
    Map<String, Object> originalCtx = originalCtx(original.runKey());
    Target t = target.get();
    Duration timeout = action.get().timeout().orElse(defaultTimeout);
    Map<String, Object> event = u.event();
    log.info("Undoing {} ({})", original.runKey(), reason);
    CompletableFuture<InvocationResult> done = dispatcher.dispatch(undo, t, action.get(), snap.masker(),
            x -> new ScriptCall(EntryPoint.UNDO, ctx(x, t, event, originalCtx, reason), timeout, x.id()), true)
        .thenApply(r -> r.results().get(r.results().size() - 1));
    return Optional.of(done.whenComplete((r, e) -> {
      if (r != null && r.status() == InvocationStatus.REJECTED) {
        return; // its lane refused it and the claim went back: the next sweep tries again
      }
      Instant at = clock.instant();
      end(u, undo, reason, r != null && r.time().isAfter(at) ? r.time() : at);
    }));
  }

  private void end(UndoScheduled u, Invocation undo, String reason, Instant now) {
    try {
      recorder.undoEnded(new UndoEnded(u.original(), true, Optional.of(undo.id()), reason, now));
    } catch (io.edrplaybook.api.JournalException e) {
      // reported; the undo run's claim keeps it from running twice, the next sweep ends the schedule
    }
  }

  private void cancel(UndoScheduled u, String why, Instant now) {
    recorder.undoEnded(new UndoEnded(u.original(), false, Optional.empty(), why, now));
  }

  /** {@code ctx["original"]}: the last attempt's terminal record of the run undone. */
  private Map<String, Object> originalCtx(RunKey key) {
    InvocationResult last = null;
    for (HistoryEntry e : recorder.history(key.event())) {
      if (e instanceof InvocationResult r && !r.invocation().test() && r.invocation().runKey().equals(key)) {
        last = r;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    if (last != null) {
      m.put("invocationId", last.invocation().id());
      m.put("status", last.status().name());
      m.put("message", last.message());
      m.put("result", last.result().orElse(null));
      m.put("startedAt", ContextFactory.time(last.startedAt()));
      m.put("endedAt", ContextFactory.time(last.time()));
      m.put("attempt", last.invocation().attempt());
    }
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> ctx(Invocation undo, Target t, Map<String, Object> event,
      Map<String, Object> original, String reason) {
    Map<String, Object> ctx = new LinkedHashMap<>(ContextFactory.build(undo, t, event));
    ctx.put("original", original);
    ctx.put("undo", Map.of("reason", reason));
    return Collections.unmodifiableMap(ctx);
  }
}
