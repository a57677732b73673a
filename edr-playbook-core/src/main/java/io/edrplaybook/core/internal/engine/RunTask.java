package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One attempt of one run, from its lane to its single terminal record. Whoever ends it first —
 * the runner, the watchdog at deadline + grace, or the engine closing — records the result;
 * everybody later is ignored, so a run has exactly one terminal record.
 */
public final class RunTask implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RunTask.class);

  /** Receives what a task records. */
  public interface Sink {
    /**
     * The run is about to be handed to its runner: record it.
     *
     * @throws RuntimeException when it could not be recorded: the run then does not start
     */
    void started(InvocationStarted started);

    /**
     * As {@link #started(InvocationStarted)}, with how long the run waited since its task was
     * created (accepted); the default ignores the wait.
     */
    default void started(InvocationStarted started, java.time.Duration queueWait) {
      started(started);
    }

    /** The run ended; called exactly once per task. */
    void finished(RunTask task, InvocationResult result);

    /**
     * Claims the key again for the retry {@code next} of a chain whose attempts never started
     * (each gave its claim back): false when another submission took the key meanwhile.
     */
    default boolean reclaim(Invocation next) {
      return true;
    }
  }

  /** Told once, after the run's terminal record (or its failure to record), of the run's end. */
  public interface Ended {
    /** {@code task} ended with {@code result}; called on the thread that ended it. */
    void ended(RunTask task, InvocationResult result);
  }

  private static final VarHandle DONE;
  private static final VarHandle SLOT_RELEASED;
  private static final VarHandle EXPIRING;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      DONE = l.findVarHandle(RunTask.class, "done", boolean.class);
      SLOT_RELEASED = l.findVarHandle(RunTask.class, "slotReleased", boolean.class);
      EXPIRING = l.findVarHandle(RunTask.class, "expiring", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Invocation invocation;
  private final Target target;
  private final ScriptCall call;
  private final SecretMasker masker;
  private final Lane lane;
  private final Sink sink;
  private final Clock clock;
  private final Ended ended;
  // three once-only flags, set through the VarHandles above (no AtomicBoolean per flag and task)
  private volatile boolean done;
  private volatile boolean slotReleased;
  private volatile boolean expiring;
  private volatile boolean releasesClaim;
  private volatile Thread worker;
  private volatile boolean started;
  private volatile Instant startedAt;
  private volatile long startNanos;
  private volatile long limitNanos;
  private volatile Runnable onEnd;
  private volatile boolean returned;
  private volatile boolean abandoned;
  private final long acceptedNanos = System.nanoTime();
  private volatile java.util.function.Consumer<RunTask> abandonedBy;
  // the runner's retry-after hint, kept in memory for the dispatcher's next wait; never recorded
  private volatile Duration retryAfter;

  /**
   * Creates the task; nothing runs until a lane executes it.
   *
   * @param ended told once when the run has ended (after its record)
   */
  public RunTask(Invocation invocation, Target target, ScriptCall call, SecretMasker masker, Lane lane, Sink sink,
      Clock clock, Ended ended) {
    this.ended = java.util.Objects.requireNonNull(ended, "ended");
    this.invocation = invocation;
    this.target = target;
    this.call = call;
    this.masker = masker;
    this.lane = lane;
    this.sink = sink;
    this.clock = clock;
  }

  /** Sets what runs once when the task ends, before its record is published (a gate's release). */
  public void onEnd(Runnable onEnd) {
    this.onEnd = onEnd;
  }

  /** Sets whether the run gives its claim back when it ends without having started. */
  public void releasesClaimIfUnstarted(boolean releases) {
    this.releasesClaim = releases;
  }

  /** Returns whether the run gives its claim back when it ends without having started. */
  public boolean releasesClaimIfUnstarted() {
    return releasesClaim;
  }

  /** Sets who is told when the run is ended while its worker is still inside the runner. */
  void onAbandoned(java.util.function.Consumer<RunTask> abandonedBy) {
    this.abandonedBy = abandonedBy;
  }

  /** Whether the run was ended while its worker was still inside the runner. */
  boolean wasAbandoned() {
    return abandoned;
  }

  /** Returns the run. */
  public Invocation invocation() {
    return invocation;
  }

  /**
   * Returns how long the runner's outcome asked to wait before another attempt (a
   * {@code Retry-After} hint), once the run has its record; empty when it gave none or the run was
   * ended by someone else (deadline, close).
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Returns whether the run was handed to its runner. */
  public boolean started() {
    return started;
  }

  @Override
  public void run() {
    worker = Thread.currentThread();
    if (done) {
      return;
    }
    lane.awaitReady(target.runner()); // a runner still warming up: the run waits queued, not on its deadline
    if (done) {
      return; // ended (the engine closing) while it waited
    }
    startedAt = clock.instant();
    startNanos = System.nanoTime();
    try {
      limitNanos = limitNanos(call.timeout(), target.runner().grace());
    } catch (RuntimeException | Error e) {
      // whatever fails before the runner is called, the run still gets its one record
      log.error("Run {} could not be started: {}", invocation.id(), masker.mask(String.valueOf(e)));
      startedAt = null;
      finishUnstarted(InvocationStatus.FAILED, masker.mask("not run: the engine failed before calling the runner: " + e));
      return;
    }
    try {
      java.time.Duration queued = java.time.Duration.ofNanos(Math.max(0, startNanos - acceptedNanos));
      sink.started(new InvocationStarted(invocation, startedAt, queued), queued);
    } catch (RuntimeException e) {
      // no record of the start, no run: the script is not called
      startedAt = null;
      finishUnstarted(InvocationStatus.FAILED, "not started: the journal could not record the start: "
          + e.getMessage());
      return;
    }
    started = true;
    if (done) {
      return; // ended (the engine closing) while the start was being recorded
    }
    MDC.put("event", invocation.eventId());
    MDC.put("action", invocation.action());
    MDC.put("connector", invocation.connector());
    try {
      ScriptOutcome outcome;
      try {
        outcome = target.runner().run(target.compiled(), call);
      } finally {
        returned = true;
      }
      finish(toResult(outcome), outcome.retryAfter().orElse(null));
    } catch (RunnerUnavailableException e) {
      finish(result(InvocationStatus.REJECTED, "not started: " + e.getMessage(), Optional.empty(), "", false,
          Optional.empty()));
    } catch (RuntimeException | Error e) {
      log.warn("Runner '{}' failed on invocation {}: {}", target.runner().id(), invocation.id(),
          masker.mask(String.valueOf(e)));
      finish(result(InvocationStatus.FAILED, "runner error: " + e, Optional.empty(), "", false,
          Optional.of(ScriptError.of(masker.mask(e.getClass().getSimpleName()),
              masker.mask(String.valueOf(e.getMessage()))))));
    } finally {
      MDC.remove("event");
      MDC.remove("action");
      MDC.remove("connector");
    }
  }

  /**
   * Records {@code result} as this run's terminal record unless it already has one.
   *
   * @return whether this call recorded it
   */
  public boolean finish(InvocationResult result) {
    return finish(result, null);
  }

  private boolean finish(InvocationResult result, Duration hint) {
    if (!DONE.compareAndSet(this, false, true)) {
      return false;
    }
    retryAfter = hint; // before the future completes: whoever retries sees it
    Thread w = worker;
    if (w != null && w == Thread.currentThread() && lane.freesSlotBeforeRecord()) {
      // the runner returned (or never ran): the lane's next run need not wait for this record's commit
      releaseSlot();
    } else if (w != null && w != Thread.currentThread()) {
      // ended for a worker that may be stuck in its runner: its slot goes to a new worker
      if (started && !returned) {
        abandoned = true;
        if (abandonedBy != null) {
          abandonedBy.accept(this);
        }
      }
      releaseSlot();
    }
    Runnable end = onEnd;
    if (end != null) {
      end.run();
    }
    try {
      sink.finished(this, result);
    } finally {
      // even when recording fails, whoever waits on the run learns its end
      ended.ended(this, result);
    }
    return true;
  }

  /** Ends a run that never started (queue full, engine closed) with {@code status}. */
  public boolean finishUnstarted(InvocationStatus status, String reason) {
    return finish(InvocationResult.notRun(invocation, status, clock.instant(), reason));
  }

  /** Ends the run, started or not, because the engine is closing. */
  public boolean cancel(String reason) {
    if (!started) {
      return finishUnstarted(InvocationStatus.CANCELLED, reason);
    }
    return finish(result(InvocationStatus.CANCELLED, reason, Optional.empty(), "", false,
        Optional.of(ScriptError.of("Cancelled", reason))));
  }

  private void releaseSlot() {
    if (SLOT_RELEASED.compareAndSet(this, false, true)) {
      lane.release();
    }
  }

  /** Called by the worker after {@link #run()}: whether its slot is still its own. */
  boolean keepSlot() {
    return SLOT_RELEASED.compareAndSet(this, false, true);
  }

  /**
   * Returns deadline + grace + a margin in nanoseconds, saturated at {@code Long.MAX_VALUE}: a
   * huge duration (refused at load, but a host may build one in code) never throws here, where a
   * throw would leave the run without a record.
   */
  static long limitNanos(Duration timeout, Duration grace) {
    try {
      // long arithmetic: this runs for every run, and Duration.plus allocates
      return Math.addExact(Math.addExact(timeout.toNanos(), grace == null ? 0 : grace.toNanos()), 500_000_000L);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Ends the run as timed out if the runner has not returned by deadline + grace (+ a margin);
   * called by the dispatcher's periodic sweep.
   */
  void expireIfOverdue(long nowNanos) {
    if (overdue(nowNanos)) {
      finish(timedOutByEngine(Duration.ofNanos(limitNanos)));
    }
  }

  /** Whether the run is past deadline + grace (+ a margin) and not yet ended. */
  boolean overdue(long nowNanos) {
    return started && !done && nowNanos - startNanos > limitNanos;
  }

  /** Claims the one hand-off of this task's expiry to a recording thread: true once. */
  boolean markExpiring() {
    return EXPIRING.compareAndSet(this, false, true);
  }

  private InvocationResult timedOutByEngine(Duration limit) {
    String m = "the runner did not return within the deadline of " + call.timeout() + " plus its grace; "
        + "the engine stopped waiting after " + limit;
    return result(InvocationStatus.TIMED_OUT, m, Optional.empty(), "", false,
        Optional.of(ScriptError.of("TimeoutError", m)));
  }

  private InvocationResult toResult(ScriptOutcome o) {
    Optional<ScriptError> error = o.error().map(e -> new ScriptError(masker.mask(e.type()), masker.mask(e.message()),
        masker.mask(e.traceback()), e.transientFailure()));
    Optional<Map<String, Object>> value = masker.maskResult(o.result());
    String message;
    InvocationStatus status;
    switch (o.status()) {
      case SUCCEEDED -> {
        status = InvocationStatus.SUCCEEDED;
        Object m = value.map(v -> v.get("message")).orElse(null);
        message = m == null ? "" : String.valueOf(m);
      }
      case TIMED_OUT -> {
        status = InvocationStatus.TIMED_OUT;
        message = error.map(ScriptError::summary).orElse("timed out");
      }
      default -> {
        status = InvocationStatus.FAILED;
        message = error.map(ScriptError::summary).orElse("failed");
      }
    }
    return output(status, message, value, o.output(), o.outputTruncated(), error);
  }

  /**
   * Masks the output, then caps it at the target's {@code outputCap}: a runner may keep a little
   * more than the cap so that a secret it cut through is still whole here; whatever was cut, no
   * beginning of a secret is left at the cut, and a marker line says where it was cut.
   */
  private InvocationResult output(InvocationStatus status, String message, Optional<Map<String, Object>> value,
      String raw, boolean runnerCut, Optional<ScriptError> error) {
    String out = masker.mask(raw);
    boolean engineCut = out.length() > target.outputCap();
    if (runnerCut || engineCut) {
      out = masker.withoutPartialSecretAtEnd(masker.cap(out, target.outputCap()));
      out = out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n")
          + (engineCut ? "[output cut at " + target.outputCap() + " characters]" : "[output cut at the runner's cap]");
    }
    return result(status, message, value, out, runnerCut || engineCut, error);
  }

  private InvocationResult result(InvocationStatus status, String message, Optional<Map<String, Object>> value,
      String output, boolean truncated, Optional<ScriptError> error) {
    Instant at = startedAt == null ? clock.instant() : startedAt;
    Duration d = startedAt == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
    return new InvocationResult(invocation, status, at, d, masker.mask(oneLine(message)), value, output, truncated,
        error);
  }

  private static String oneLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip() + " ...";
  }
}
