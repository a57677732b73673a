package io.edrplaybook.core.internal.engine;

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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one way to its journal: every call goes through here, so that a failure is never
 * silent. A journal call that throws (a {@link JournalException} or any other runtime exception)
 * is logged, told to the listeners, rethrown as a {@link JournalException}, and puts the engine in
 * the failed state: {@link #ensureWritable()} then refuses new work until the journal's
 * {@link ExecutionJournal#health()} says it takes writes again. What was recorded is told to the
 * listeners through the {@link Notifier}. Thread-safe when the journal is.
 */
public final class Recorder {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final ExecutionJournal journal;
  private final Notifier notifier;
  private final AtomicReference<JournalException> failure = new AtomicReference<>();

  /** Creates a recorder. */
  public Recorder(ExecutionJournal journal, Notifier notifier) {
    this.journal = journal;
    this.notifier = notifier;
  }

  /**
   * Throws when the journal failed and does not report itself writable again; clears the failure
   * when it does.
   *
   * @throws JournalException saying why new work is refused
   */
  public void ensureWritable() {
    JournalException f = failure.get();
    if (f == null) {
      return;
    }
    JournalHealth h = journalHealth();
    if (h.writable()) {
      if (failure.compareAndSet(f, null)) {
        log.info("The journal takes writes again; the engine accepts new events");
      }
      return;
    }
    throw new JournalException("The engine refuses new events because its journal failed: " + f.getMessage()
        + h.problem().filter(p -> !p.equals(f.getMessage())).map(p -> " (the journal reports: " + p + ")")
            .orElse("") + "; it accepts them again once the journal takes writes", f);
  }

  /** Returns why the journal does not take writes now, empty when it does. Never throws. */
  public Optional<String> problem() {
    try {
      ensureWritable();
    } catch (JournalException e) {
      return Optional.of(e.getMessage());
    }
    return journalHealth().problem();
  }

  private JournalHealth journalHealth() {
    try {
      return journal.health();
    } catch (RuntimeException e) {
      return JournalHealth.failing("the journal's health check failed: " + e);
    }
  }

  /** Records a classification; tells the listeners when it changed something. */
  public Classified classify(ClassificationChange change) {
    return classify(change, List.of());
  }

  /** Records a classification and claims the runs of {@code claims} with it (one journal call). */
  public Classified classify(ClassificationChange change, List<Invocation> claims) {
    Classified c;
    try {
      c = claims.isEmpty() ? journal.classify(change) : journal.classify(change, claims);
    } catch (RuntimeException e) {
      throw failed("record the classification of event " + change.eventKey()
          + (claims.isEmpty() ? "" : " and claim its runs"), e);
    }
    if (c.claims().size() != claims.size()) {
      throw failed("claim the runs of event " + change.eventKey(), new IllegalStateException("the journal answered "
          + c.claims().size() + " claims for " + claims.size() + " asked"));
    }
    if (c.recorded().isPresent()) {
      notifier.entry(c.recorded().get());
    }
    return c;
  }

  /** Returns what the journal knows of an event's classification. */
  public Optional<EventState> event(EventKey event) {
    return call(() -> "read event " + event, () -> journal.event(event));
  }

  /** Claims a run key. */
  public RunClaim claim(Invocation invocation) {
    try {
      return journal.claim(invocation);
    } catch (RuntimeException e) {
      throw failed("claim run " + invocation.runKey(), e);
    }
  }

  /** Claims a key again from one of the {@code from} statuses. */
  public boolean retake(Invocation invocation, Set<InvocationStatus> from) {
    return call(() -> "re-claim run " + invocation.runKey(), () -> journal.retake(invocation, from));
  }

  /** Gives back the claim of a run that never started; a failure is reported, not thrown. */
  public void release(Invocation invocation) {
    try {
      call(() -> "give back the claim of run " + invocation.runKey(), () -> {
        journal.release(invocation);
        return null;
      });
    } catch (JournalException e) {
      // reported; the key stays claimed, so nothing runs twice (an operator may re-run it)
    }
  }

  /** Returns the holder of a key, if any. */
  public Optional<RunClaim> claimOf(RunKey key) {
    return call(() -> "read the claim of run " + key, () -> journal.claimOf(key));
  }

  /**
   * Records that a run starts, then tells the listeners.
   *
   * @throws JournalException when it could not be recorded: the run must not start
   */
  public void started(InvocationStarted started) {
    started(started, java.time.Duration.ZERO);
  }

  /**
   * Records that a run starts, then tells the listeners, with how long it waited since it was
   * accepted.
   *
   * @throws JournalException when it could not be recorded: the run must not start
   */
  public void started(InvocationStarted started, java.time.Duration queueWait) {
    try {
      journal.started(started);
    } catch (RuntimeException e) {
      Invocation i = started.invocation();
      throw failed("record the start of run " + i.id() + " (" + i.runKey() + ")", e);
    }
    notifier.started(started, queueWait);
  }

  /**
   * Records a run's terminal record and tells the listeners, unless the journal already had one
   * for the invocation (a late answer changes nothing). When the journal fails the listeners are
   * still told of the result (and of the failure): the host learns the outcome, and the journal
   * still holds the run's start, so it is found again as interrupted.
   *
   * @return whether the record is new (false: the journal already had one)
   */
  public boolean finished(InvocationResult result) {
    boolean recorded;
    try {
      try {
        recorded = journal.finished(result);
      } catch (RuntimeException e) {
        throw failed("record the result of run " + result.invocation().id() + " ("
            + result.invocation().runKey() + ")", e);
      }
    } catch (JournalException e) {
      notifier.entry(result);
      return true;
    }
    if (recorded) {
      notifier.entry(result);
    } else {
      log.warn("Run {} of {} ended {}, but the journal already holds its terminal record; this late answer"
          + " changes nothing", result.invocation().id(), result.invocation().runKey(), result.status());
    }
    return recorded;
  }

  /** Ends the runs that can no longer end, tells the listeners, and returns them. */
  public List<InvocationResult> recover(Instant now) {
    List<InvocationResult> out = call(() -> "recover interrupted runs", () -> journal.recoverInterrupted(now));
    for (InvocationResult r : out) {
      log.warn("Run {} of '{}' on '{}' for event {} was interrupted (its engine stopped); outcome unknown",
          r.invocation().id(), r.invocation().action(), r.invocation().connector(), r.eventKey());
      notifier.entry(r);
    }
    return out;
  }

  /** Records that a claimed run awaits approval, then tells the listeners. */
  public void awaitApproval(io.edrplaybook.api.AwaitingApproval request) {
    approvalCall(() -> "record that run " + request.invocation().id() + " (" + request.runKey() + ") awaits approval",
        () -> {
          journal.awaitApproval(request);
          return null;
        });
    notifier.entry(request);
  }

  /**
   * Decides a run awaiting approval; when this call decided it, tells the listeners of the
   * decision and of the terminal record it wrote (if the run does not run).
   *
   * @return the request decided; empty when it did not await approval (decided elsewhere first)
   */
  public Optional<io.edrplaybook.api.AwaitingApproval> decide(io.edrplaybook.api.ApprovalDecision decision) {
    Optional<io.edrplaybook.api.AwaitingApproval> decided = approvalCall(() -> "record the decision "
        + decision.verdict() + " on run " + decision.runKey(), () -> journal.decide(decision));
    if (decided.isPresent()) {
      notifier.entry(decision);
      decision.terminalRecord().ifPresent(notifier::entry);
    }
    return decided;
  }

  /** Returns the run of {@code key} awaiting approval, if any. */
  public Optional<io.edrplaybook.api.AwaitingApproval> awaiting(RunKey key) {
    return approvalCall(() -> "read whether run " + key + " awaits approval", () -> journal.awaiting(key));
  }

  /** Returns the runs of an organization awaiting approval. */
  public List<io.edrplaybook.api.AwaitingApproval> pending(String organization) {
    return approvalCall(() -> "list the runs of " + organization + " awaiting approval", () -> journal.pending(organization));
  }

  /** Returns the runs whose approval window ended. */
  public List<io.edrplaybook.api.AwaitingApproval> approvalsDue(Instant now, int limit) {
    return approvalCall(() -> "list the approvals due", () -> journal.approvalsDue(now, limit));
  }

  /** Records a scheduled undo; tells the listeners when it was recorded. */
  public boolean scheduleUndo(io.edrplaybook.api.UndoScheduled undo) {
    boolean recorded = approvalCall(() -> "schedule the undo of run " + undo.runKey(), () -> journal.scheduleUndo(undo));
    if (recorded) {
      notifier.entry(undo);
    }
    return recorded;
  }

  /** Returns the undos due at {@code now}. */
  public List<io.edrplaybook.api.UndoScheduled> undosDue(Instant now, int limit) {
    return approvalCall(() -> "list the undos due", () -> journal.undosDue(now, limit));
  }

  /** Ends a scheduled undo; tells the listeners when this call ended it. */
  public boolean undoEnded(io.edrplaybook.api.UndoEnded ended) {
    boolean recorded = approvalCall(() -> "end the undo of run " + ended.runKey(), () -> journal.undoEnded(ended));
    if (recorded) {
      notifier.entry(ended);
    }
    return recorded;
  }

  /** Returns an event's history. */
  public List<HistoryEntry> history(EventKey event) {
    return call(() -> "read the history of event " + event, () -> journal.history(event));
  }

  /**
   * Calls the journal for an approval; a journal that does not support approvals says so (an
   * {@link UnsupportedOperationException}, thrown as it is), which is not a failure of the journal.
   */
  private <T> T approvalCall(Supplier<String> what, Supplier<T> op) {
    return call(what, () -> {
      try {
        return op.get();
      } catch (UnsupportedOperationException e) {
        throw new Unsupported(e);
      }
    });
  }

  /** Carries a journal's "not supported" through {@link #call} without it counting as a failure. */
  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(UnsupportedOperationException e) {
      super(e.getMessage(), e, false, false);
    }
  }

  /** Calls the journal; {@code what} (built only on failure) says what it was asked. */
  private <T> T call(Supplier<String> what, Supplier<T> op) {
    try {
      return op.get();
    } catch (Unsupported e) {
      throw (UnsupportedOperationException) e.getCause();
    } catch (RuntimeException e) {
      throw failed(what.get(), e);
    }
  }

  /**
   * Reports a failed journal call (state, log, listeners) and returns the exception to throw;
   * the hot paths (classify, claim, start, end) call the journal directly and come here only on
   * failure, so that a call costs no lambdas.
   */
  private JournalException failed(String what, RuntimeException e) {
    JournalException j = e instanceof JournalException je ? je
        : new JournalException("The journal failed to " + what + ": " + e, e);
    failure.set(j);
    log.error("The journal failed to {}: {}", what, j.getMessage());
    notifier.journalFailure(j);
    return j;
  }
}
