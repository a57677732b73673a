package io.edrplaybook.spi;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.AwaitingApproval;
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
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoScheduled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where run state and history live: the source of truth of what ran, what runs, and what each
 * event's classification is. The engine keeps nothing per event beyond its runs in flight; every
 * question "did this already run?" is a {@link #claim} here. One journal may be shared by several
 * engines (the PostgreSQL journal is); the in-memory and file journals have one writer.
 *
 * <p>A third party writes a journal on its own store by implementing the abstract methods and
 * running the journal conformance kit of {@code edr-playbook-testkit} against it.
 *
 * <p><b>Identity.</b> An event is its {@link EventKey} (organization, id). A run happens at most
 * once per {@link RunKey} (event, classification, action, connector), ever, across every engine
 * sharing the journal. Test-button runs ({@link Invocation#test()}) are never claimed: they are only
 * recorded, under their synthetic event.
 *
 * <p><b>A run's life in the journal.</b> {@link #claim} (insert-if-absent) → {@link #started}
 * (before the script starts) → {@link #finished} (exactly one terminal record per invocation id).
 * A run that never started gives its claim back with {@link #release}, or ends with a
 * not-started terminal record (rejected, cancelled) through {@link #finished}. Retries are new
 * invocations (new id, next attempt) of the same key, started and finished the same way.
 *
 * <p><b>Errors.</b> A method that cannot do its work throws {@link JournalException} naming the
 * journal and the cause; it never returns a made-up answer. Entries hold no secrets: the engine
 * masks them before they reach the journal.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ExecutionJournal extends AutoCloseable {

  /**
   * Atomically records a classification of an event: when {@code change.classification()} differs
   * from the event's current one (or the event is new), the event's current classification becomes
   * it, the previous one becomes the old current, and {@code change} — with {@code previous} set by
   * the journal — is appended to the event's history. Otherwise nothing is written. Two calls for
   * one event, from any engines, are serialized.
   *
   * @param change the classification, as the engine saw it; its {@code previous} is ignored;
   *     never null
   * @return the event's state after the call, and what was recorded
   * @throws JournalException when the journal cannot read or write
   */
  Classified classify(ClassificationChange change);

  /**
   * Records a classification as {@link #classify(ClassificationChange)} does and claims the runs of
   * {@code claims} as {@link #claim} does, in that order: what the engine does for each submitted
   * event whose rows need no history to decide. A journal that can should do both in one
   * transaction, so that a submission costs one commit instead of one plus one per run (the
   * PostgreSQL journal does); the default calls the two methods.
   *
   * <p>When it throws, no claim of this call stays held: a journal that may have written part of
   * the call gives those claims back, at once or as soon as it can write again (the default
   * releases what it granted before the failing claim; the PostgreSQL journal writes all or
   * nothing, and gives the claims back later when the commit's outcome is unknown). Whether the
   * classification was recorded is then unknown, as when {@code classify} throws.
   *
   * @param change the classification, as for {@link #classify(ClassificationChange)}; never null
   * @param claims first attempts of runs of {@code change}'s event, none a test run; never null,
   *     may be empty
   * @return the event's state, what was recorded, and one answer per claim in the order asked
   * @throws JournalException when the journal cannot read or write
   */
  default Classified classify(ClassificationChange change, List<Invocation> claims) {
    Classified classified = classify(change);
    if (claims.isEmpty()) {
      return classified;
    }
    List<RunClaim> answers = new ArrayList<>(claims.size());
    for (Invocation invocation : claims) {
      try {
        answers.add(claim(invocation));
      } catch (RuntimeException e) {
        for (int i = 0; i < answers.size(); i++) {
          if (answers.get(i).granted()) {
            try {
              release(claims.get(i));
            } catch (RuntimeException suppressed) {
              e.addSuppressed(suppressed);
            }
          }
        }
        throw e;
      }
    }
    return classified.withClaims(answers);
  }

  /**
   * Returns what the journal knows of an event's classification.
   *
   * @param event the event; never null
   * @return its state; empty when the event is unknown (never seen, or forgotten by retention)
   * @throws JournalException when the journal cannot read
   */
  Optional<EventState> event(EventKey event);

  /**
   * Claims {@code invocation.runKey()} for {@code invocation}: succeeds once ever per key (an
   * insert-if-absent), whatever engine asks.
   *
   * @param invocation the first attempt of the run; never a test run; never null
   * @return granted, or who holds the key and how far it got
   * @throws JournalException when the journal cannot read or write; the claim is then not held
   */
  RunClaim claim(Invocation invocation);

  /**
   * Claims a key again for a new run, atomically, when the key's last attempt ended with a status
   * in {@code from}: how an interrupted run of an idempotent action, or a failed run an operator
   * asks to re-run, runs once more. Of several engines asking at once, one wins.
   *
   * @param invocation the new attempt (same key, new id); never null
   * @param from the terminal statuses a re-claim is allowed from; never null or empty
   * @return whether this call took the key
   * @throws JournalException when the journal cannot read or write
   */
  boolean retake(Invocation invocation, Set<InvocationStatus> from);

  /**
   * Gives back the claim of a run that never started (its lane refused it, the engine closed
   * first): a later submission may run it. Does nothing when {@code invocation} does not hold the
   * key or the run started.
   *
   * @param invocation the invocation that claimed the key; never null
   * @throws JournalException when the journal cannot write
   */
  void release(Invocation invocation);

  /**
   * Returns whether a key is claimed, and how its last attempt ended: what a dry run reports.
   *
   * @param key the run key; never null
   * @return empty when nothing holds the key; else a not-granted claim describing the holder
   * @throws JournalException when the journal cannot read
   */
  Optional<RunClaim> claimOf(RunKey key);

  /**
   * Records that a run was handed to its runner. A durable journal has written it when this
   * returns, so a stop of the host from now on leaves the run open, found again by
   * {@link #recoverInterrupted}.
   *
   * @param started the entry; never null
   * @throws JournalException when the journal cannot write: the run must then not start
   */
  void started(InvocationStarted started);

  /**
   * Records a run's terminal record: at most one per invocation id. Returns false and writes
   * nothing when the invocation already has one — another engine recorded it
   * {@link InvocationStatus#INTERRUPTED} after this engine was taken for dead, say: a late answer
   * changes nothing.
   *
   * @param result the terminal record; never null
   * @return whether this call recorded it
   * @throws JournalException when the journal cannot write
   */
  boolean finished(InvocationResult result);

  /**
   * Ends the runs that started and can no longer end: for a journal with one writer, at the first
   * call after it was opened, every run with a "started" entry and no terminal record (the host
   * stopped); for a shared journal, also the runs of engines whose heartbeat expired. Each gets
   * one {@link InvocationStatus#INTERRUPTED} terminal record, written by this call, exactly once
   * across every engine. Claims of runs that never started are given back. The engine calls this
   * when it starts, and a shared journal's engines call it periodically.
   *
   * @param now the time to record the interruptions at; never null
   * @return the records written, for the engine to tell its listeners; empty when there was nothing
   * @throws JournalException when the journal cannot read or write
   */
  List<InvocationResult> recoverInterrupted(Instant now);

  /**
   * Returns one event's history in the order it was recorded.
   *
   * @param event the event; never null
   * @return its entries; empty when the event is unknown or forgotten
   * @throws JournalException when the journal cannot read
   */
  List<HistoryEntry> history(EventKey event);

  /**
   * Forgets events whose last entry is older than {@code cutoff}: their history, state and claims.
   * A forgotten event submitted again is a new event. Journals that store in segments may keep an
   * event a little longer (until its whole segment is older); never shorter. Such a journal may
   * drop the entries older than the cutoff of an event it keeps (one with a newer entry), but it
   * keeps that event's state and claims whole, so nothing it ran runs again.
   *
   * @param cutoff entries older than this may go; never null
   * @return how many events (or, for segment stores, entries) were removed, as far as known
   * @throws JournalException when the journal cannot write
   */
  long forgetBefore(Instant cutoff);

  // ---- approvals (docs/approvals-and-undo.md) ----

  /**
   * Records that the run of {@code request.invocation()}, whose key it holds (a granted claim, not
   * started), awaits approval: the entry is appended to the event's history, the claim stays held
   * ({@link #claimOf} shows it held and not ended) and is never given back by
   * {@link #recoverInterrupted} nor lost by a restart or retention, and the run is listed by
   * {@link #pending} until {@link #decide} decides it.
   *
   * <p>The built-in journals implement every approval method; the defaults say that a third-party
   * journal does not support approvals.
   *
   * @param request the run awaiting approval; never null
   * @throws IllegalStateException when the invocation does not hold an unstarted claim of its key
   * @throws JournalException when the journal cannot write
   * @throws UnsupportedOperationException when the journal does not support approvals
   */
  default void awaitApproval(AwaitingApproval request) {
    throw unsupported();
  }

  /**
   * Decides a run that awaits approval, atomically and at most once across every engine sharing
   * the journal: when {@code decision.invocation()} awaits approval, it no longer does, the
   * decision is appended to the event's history, and, when the verdict does not run it, its
   * {@link ApprovalDecision#terminalRecord() terminal record} is recorded as
   * by {@link #finished}. When the verdict runs it, the claim stays with the invocation, to be
   * {@link #started} (a stop before the start gives the claim back, as for any unstarted claim).
   *
   * @param decision the decision; never null
   * @return the request this call decided; empty when the run did not await approval (another
   *     call decided it first, or it never awaited), and then nothing was written
   * @throws JournalException when the journal cannot read or write
   * @throws UnsupportedOperationException when the journal does not support approvals
   */
  default Optional<AwaitingApproval> decide(ApprovalDecision decision) {
    throw unsupported();
  }

  /**
   * Returns the run of {@code key} that awaits approval, if one does.
   *
   * @param key the run key; never null
   * @return the request; empty when the key's run does not await approval
   * @throws JournalException when the journal cannot read
   * @throws UnsupportedOperationException when the journal does not support approvals
   */
  default Optional<AwaitingApproval> awaiting(RunKey key) {
    throw unsupported();
  }

  /**
   * Returns the runs of {@code organization} that await approval, oldest request first.
   *
   * @param organization the organization; never null
   * @return the requests; empty when none awaits
   * @throws JournalException when the journal cannot read
   * @throws UnsupportedOperationException when the journal does not support approvals
   */
  default List<AwaitingApproval> pending(String organization) {
    throw unsupported();
  }

  /**
   * Returns the runs, of every organization, whose approval window ended at {@code now} (their
   * {@code expiresAt} is not after it) and that still await approval, oldest window end first,
   * at most {@code limit}: what the engines' sweep decides (each with {@link #decide}, so once).
   *
   * @param now the time; never null
   * @param limit at most this many, at least 1
   * @return the requests due
   * @throws JournalException when the journal cannot read
   * @throws UnsupportedOperationException when the journal does not support approvals
   */
  default List<AwaitingApproval> approvalsDue(Instant now, int limit) {
    throw unsupported();
  }

  // ---- undo (docs/approvals-and-undo.md) ----

  /**
   * Records a scheduled undo: appends the entry to the event's history and keeps it scheduled —
   * across restarts, recovery and retention — until {@link #undoEnded} ends it. A second schedule
   * for the same run key while one is scheduled records nothing.
   *
   * @param undo the schedule; never null
   * @return whether it was recorded (false: one is already scheduled for the run key)
   * @throws JournalException when the journal cannot write
   * @throws UnsupportedOperationException when the journal does not support undo
   */
  default boolean scheduleUndo(UndoScheduled undo) {
    throw unsupported();
  }

  /**
   * Returns the scheduled undos, of every organization, whose timed undo is due at {@code now},
   * earliest first, at most {@code limit}.
   *
   * @throws JournalException when the journal cannot read
   * @throws UnsupportedOperationException when the journal does not support undo
   */
  default List<UndoScheduled> undosDue(Instant now, int limit) {
    throw unsupported();
  }

  /**
   * Ends the scheduled undo of {@code ended.runKey()}, atomically and at most once across every
   * engine: when one is scheduled for the key, it no longer is and {@code ended} is appended to
   * the event's history; else nothing is written.
   *
   * @return whether this call ended it
   * @throws JournalException when the journal cannot write
   * @throws UnsupportedOperationException when the journal does not support undo
   */
  default boolean undoEnded(UndoEnded ended) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(getClass().getName() + " does not support approvals (or undo):"
        + " use a journal that does, such as the in-memory, file or PostgreSQL journal");
  }

  /**
   * Returns whether the journal takes writes now. Never throws.
   *
   * @return its health
   */
  default JournalHealth health() {
    return JournalHealth.ok();
  }

  /**
   * Takes one of {@code maxConcurrent} cluster-wide run slots of a connector for {@code
   * invocation}. A journal shared by several engines holds them as leases that expire when an engine
   * dies; a journal with one writer grants always (the engine's own gate already bounds it).
   *
   * @param invocation the run about to start; never null
   * @param maxConcurrent the connector's limit, at least 1
   * @return whether a slot was taken; false means: wait and ask again
   * @throws JournalException when the journal cannot write
   */
  default boolean acquireConnectorSlot(Invocation invocation, int maxConcurrent) {
    return true;
  }

  /**
   * Gives back the slot {@link #acquireConnectorSlot} took for {@code invocation}. Idempotent.
   *
   * @param invocation the run that ended; never null
   */
  default void releaseConnectorSlot(Invocation invocation) {}

  /** Flushes and releases the journal. Idempotent. Later calls throw {@link JournalException}. */
  @Override
  default void close() {}
}
