package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.spi.RunClaim;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's at-most-once rules, asked of the journal: whether a run may run now, once more, or
 * again at an operator's request. Keeps nothing itself. Thread-safe when the journal is.
 */
public final class RunClaims {
  /** How a run can end without having started: refused, cancelled, or its start not recorded. */
  private static final Set<InvocationStatus> NOT_STARTED = Set.of(InvocationStatus.REJECTED,
      InvocationStatus.CANCELLED, InvocationStatus.FAILED);

  /** The last statuses an operator may re-run a run from. */
  public static final Set<InvocationStatus> RERUNNABLE = Set.of(InvocationStatus.FAILED, InvocationStatus.TIMED_OUT,
      InvocationStatus.INTERRUPTED, InvocationStatus.REJECTED, InvocationStatus.CANCELLED);

  private final Recorder recorder;

  /** Creates the rules on {@code recorder}'s journal. */
  public RunClaims(Recorder recorder) {
    this.recorder = recorder;
  }

  /**
   * Claims the run of {@code first}: {@code first} when granted (or when every earlier attempt
   * ended without starting); its next attempt when the key's last run was interrupted by a stop of
   * its engine and {@code idempotent} (it runs once more); null when it already ran or runs.
   */
  public Invocation claim(Invocation first, boolean idempotent) {
    return resolve(first, recorder.claim(first), idempotent);
  }

  /**
   * What {@link #claim} decides once the journal answered {@code claim} for {@code first} (a claim
   * made with the event's classification).
   */
  public Invocation resolve(Invocation first, RunClaim claim, boolean idempotent) {
    if (claim.granted() || retakeNeverStarted(first, claim)) {
      return first;
    }
    if (idempotent && claim.lastStatus().equals(Optional.of(InvocationStatus.INTERRUPTED))) {
      Invocation again = first.nextAttempt(first.id(), lastAttempt(first.runKey()) + 1);
      if (recorder.retake(again, Set.of(InvocationStatus.INTERRUPTED))) {
        return again;
      }
    }
    return null;
  }

  /** Claims the key again for a retry whose earlier attempts never started and gave it back. */
  public boolean reclaim(Invocation next) {
    RunClaim claim = recorder.claim(next);
    return claim.granted() || retakeNeverStarted(next, claim);
  }

  /** Whether {@link #claim} would let the run of {@code key} run now: what a dry run says. */
  public boolean wouldRun(RunKey key, boolean idempotent) {
    Optional<RunClaim> held = recorder.claimOf(key);
    if (held.isEmpty()) {
      return true;
    }
    Optional<InvocationStatus> last = held.get().lastStatus();
    return idempotent && last.equals(Optional.of(InvocationStatus.INTERRUPTED))
        || last.filter(NOT_STARTED::contains).isPresent() && neverStarted(key);
  }

  /**
   * Takes for {@code inv} a key whose every attempt ended without starting (rejected, cancelled,
   * or failed to record its start, before any script ran: a journal may keep such a claim with its
   * not-started terminal record): what never ran may run.
   */
  private boolean retakeNeverStarted(Invocation inv, RunClaim held) {
    return held.lastStatus().filter(NOT_STARTED::contains).isPresent() && neverStarted(inv.runKey())
        && recorder.retake(inv, NOT_STARTED);
  }

  /** Whether the event's history holds no start of any attempt of {@code key}. */
  private boolean neverStarted(RunKey key) {
    for (HistoryEntry e : recorder.history(key.event())) {
      if (e instanceof InvocationStarted s && !s.invocation().test() && s.invocation().runKey().equals(key)) {
        return false;
      }
    }
    return true;
  }

  /** The highest attempt number the event's history holds for {@code key}; 1 when none. */
  public int lastAttempt(RunKey key) {
    int last = 1;
    for (HistoryEntry e : recorder.history(key.event())) {
      Invocation i = e instanceof InvocationStarted s ? s.invocation()
          : e instanceof InvocationResult r ? r.invocation() : null;
      if (i != null && !i.test() && i.runKey().equals(key)) {
        last = Math.max(last, i.attempt());
      }
    }
    return last;
  }

  /**
   * Checks that the run of {@code key} may be re-run by an operator and returns how its last
   * attempt ended.
   *
   * @throws IllegalStateException saying why not: never ran, still running, or succeeded
   */
  public InvocationStatus rerunnable(RunKey key) {
    RunClaim held = recorder.claimOf(key).orElseThrow(() -> new IllegalStateException("No run of " + key
        + " is recorded (it never ran, or retention forgot it); submit the event to run it"));
    InvocationStatus last = held.lastStatus().orElseThrow(() -> new IllegalStateException("The run " + key
        + " has not ended yet (claimed or running); it can be re-run once it ended"));
    if (!RERUNNABLE.contains(last)) {
      throw new IllegalStateException("The run " + key + " last ended " + last + "; only a run whose last attempt"
          + " ended FAILED, TIMED_OUT, INTERRUPTED, REJECTED or CANCELLED can be re-run");
    }
    return last;
  }

  /**
   * Takes the key for the operator's re-run {@code inv}.
   *
   * @throws IllegalStateException when another re-run or engine took it meanwhile
   */
  public void takeForRerun(Invocation inv) {
    if (!recorder.retake(inv, RERUNNABLE)) {
      throw new IllegalStateException("The run " + inv.runKey() + " was taken by another re-run or engine"
          + " meanwhile; it was not re-run here");
    }
  }
}
