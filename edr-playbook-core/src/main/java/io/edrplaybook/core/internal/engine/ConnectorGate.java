package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.Invocation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector's limits in front of its JumpBox lane: at most {@code maxConcurrent} runs at once
 * and a token bucket of {@code ratePerSecond}; work over a limit waits here (bounded), and is
 * handed to the lane when the connector has room. Thread-safe.
 *
 * <p>With a journal shared by several engines, {@code maxConcurrent} also holds for the whole
 * cluster: a run admitted here first takes one of the connector's cluster slots from the journal
 * (on the journal executor, never on the scheduler thread), and gives it back when it ends. A
 * refused slot puts the run back at the head of the queue and asks again after a backoff that
 * doubles up to one second, or as soon as a run of this gate ends: it waits, it is never dropped.
 * The rate limit stays per engine.
 */
public final class ConnectorGate {
  private static final Logger log = LoggerFactory.getLogger(ConnectorGate.class);
  private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ConnectorLimits limits;
  private final int capacity;
  private final ScheduledExecutorService scheduler;
  private final Executor io;
  private final ConnectorSlots slots;
  private final boolean cluster;
  private final Consumer<RunTask> admit;
  private final LongSupplier nanoTime;
  private final ArrayDeque<RunTask> waiting = new ArrayDeque<>();
  private int active;
  private double tokens;
  private long refilledAt;
  private boolean wakeUpScheduled;
  private boolean retryScheduled;
  /** Set when the engine drained the queue (closing): no task goes back into it afterwards. */
  private boolean drained;
  private long backoffNanos = FIRST_BACKOFF_NANOS;

  /**
   * Creates a gate bounded by this engine only.
   *
   * @param limits the connector's limits
   * @param capacity how many runs may wait
   * @param scheduler wakes the gate when the next token is due
   * @param admit hands an admitted task on to its lane
   */
  public ConnectorGate(ConnectorLimits limits, int capacity, ScheduledExecutorService scheduler,
      Consumer<RunTask> admit) {
    this(limits, capacity, scheduler, Runnable::run, ConnectorSlots.NONE, admit);
  }

  /**
   * Creates a gate whose {@code maxConcurrent} also holds across the engines sharing {@code slots}.
   *
   * @param limits the connector's limits
   * @param capacity how many runs may wait
   * @param scheduler wakes the gate when the next token or a slot retry is due
   * @param io runs the calls to {@code slots} (journal calls: never the scheduler thread)
   * @param slots the connector's cluster slots
   * @param admit hands an admitted task on to its lane
   */
  public ConnectorGate(ConnectorLimits limits, int capacity, ScheduledExecutorService scheduler, Executor io,
      ConnectorSlots slots, Consumer<RunTask> admit) {
    this(limits, capacity, scheduler, io, slots, admit, System::nanoTime);
  }

  /** As above, with the time source the token bucket reads ({@link System#nanoTime} but in tests). */
  ConnectorGate(ConnectorLimits limits, int capacity, ScheduledExecutorService scheduler, Executor io,
      ConnectorSlots slots, Consumer<RunTask> admit, LongSupplier nanoTime) {
    this.limits = limits;
    this.capacity = capacity;
    this.scheduler = scheduler;
    this.io = io;
    this.slots = slots;
    this.cluster = slots != ConnectorSlots.NONE && limits.maxConcurrent() > 0;
    this.admit = admit;
    this.tokens = Math.max(1, limits.burst());
    this.nanoTime = nanoTime;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Admits {@code task} now or lets it wait; false when the waiting room is full. */
  public boolean offer(RunTask task) {
    Ticket ticket;
    synchronized (this) {
      if (cluster || !waiting.isEmpty() || !room()) {
        if (waiting.size() >= capacity) {
          return false;
        }
        waiting.addLast(task);
        scheduleWakeUpIfRateLimited();
        ticket = null;
      } else {
        ticket = take(task);
      }
    }
    if (ticket != null) {
      admit.accept(task);
    } else if (cluster) {
      // a refused slot is asked for again on its backoff or at the next end, not at every offer
      onIo(() -> pump(false));
    }
    return true;
  }

  /**
   * Removes and returns every waiting task (the engine is closing). A task whose cluster slot is
   * being asked for then is ended here as never started once the journal answers.
   */
  public synchronized List<RunTask> drain() {
    drained = true;
    List<RunTask> out = new ArrayList<>(waiting);
    waiting.clear();
    return out;
  }

  /**
   * A run this gate admitted ended: its cluster slot is given back here, on the thread that records
   * its end (never the scheduler's), so the slot is free before the run's record is published; its
   * room goes to the next ones.
   */
  private void ended(Ticket ticket, boolean heldClusterSlot) {
    synchronized (this) {
      active--;
    }
    if (heldClusterSlot) {
      release(ticket.task.invocation());
    }
    if (cluster) {
      onIo(() -> pump(true));
    } else {
      pump(true);
    }
  }

  /**
   * Admits waiting tasks while there is room. {@code force}: also while a refused cluster slot
   * waits for its retry (a run just ended, or the retry is due).
   */
  private void pump(boolean force) {
    List<Ticket> taken = new ArrayList<>();
    synchronized (this) {
      if (cluster && retryScheduled && !force) {
        return;
      }
      while (!waiting.isEmpty() && room()) {
        taken.add(take(waiting.pollFirst()));
      }
      if (!waiting.isEmpty()) {
        scheduleWakeUpIfRateLimited();
      }
    }
    if (!cluster) {
      taken.forEach(t -> admit.accept(t.task));
      return;
    }
    List<Ticket> refused = new ArrayList<>();
    for (Ticket t : taken) {
      if (!refused.isEmpty() || !acquire(t.task.invocation())) {
        refused.add(t); // the first refusal sends the rest back too: no slot is free now
      } else if (isDrained()) {
        neverStarted(t, true);
      } else if (t.clusterSlotTaken()) {
        admit.accept(t.task);
      } else {
        release(t.task.invocation()); // it ended while its slot was being taken
      }
    }
    giveBack(refused);
  }

  private synchronized boolean isDrained() {
    return drained;
  }

  /** Ends a task taken from the queue before the engine drained it, as drained tasks end. */
  private void neverStarted(Ticket t, boolean heldClusterSlot) {
    boolean ours = t.refused(); // false: it ended meanwhile
    if (ours) {
      synchronized (this) {
        active--;
      }
    }
    if (heldClusterSlot) {
      release(t.task.invocation());
    }
    if (ours) {
      t.task.cancel(Dispatcher.CLOSED_BEFORE_START);
    }
  }

  private void giveBack(List<Ticket> refused) {
    synchronized (this) {
      if (refused.isEmpty()) {
        backoffNanos = FIRST_BACKOFF_NANOS;
        return;
      }
      if (!drained) {
        putBack(refused);
        return;
      }
    }
    refused.forEach(t -> neverStarted(t, false)); // the engine drained the queue meanwhile
  }

  /** Puts refused tasks back at the head of the queue and sets their retry. */
  private void putBack(List<Ticket> refused) {
    assert Thread.holdsLock(this);
    for (int k = refused.size() - 1; k >= 0; k--) {
      Ticket t = refused.get(k);
      if (t.refused()) {
        active--;
        if (limits.ratePerSecond() > 0) {
          tokens = Math.min(Math.max(1, limits.burst()), tokens + 1);
        }
        waiting.addFirst(t.task);
      }
    }
    if (retryScheduled) {
      return;
    }
    retryScheduled = true;
    long wait = backoffNanos;
    backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
    try {
      scheduler.schedule(() -> onIo(this::retry), wait, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      retryScheduled = false; // the engine is closing: its drain ends the waiting runs
    }
  }

  private void retry() {
    synchronized (this) {
      retryScheduled = false;
    }
    pump(true);
  }

  private boolean acquire(Invocation invocation) {
    try {
      return slots.acquire(invocation, limits.maxConcurrent());
    } catch (RuntimeException e) {
      log.warn("Connector '{}': could not take a cluster run slot for run {}, asking again: {}",
          invocation.connector(), invocation.id(), e.getMessage());
      return false;
    }
  }

  private void release(Invocation invocation) {
    try {
      slots.release(invocation);
    } catch (RuntimeException e) {
      log.warn("Connector '{}': could not give back the cluster run slot of run {} (its lease expires): {}",
          invocation.connector(), invocation.id(), e.getMessage());
    }
  }

  private void onIo(Runnable work) {
    try {
      io.execute(work);
    } catch (RejectedExecutionException e) {
      work.run(); // the engine is stopping: do it here rather than lose a release
    }
  }

  private boolean room() {
    if (limits.maxConcurrent() > 0 && active >= limits.maxConcurrent()) {
      return false;
    }
    if (limits.ratePerSecond() > 0) {
      refill();
      return tokens >= 1;
    }
    return true;
  }

  private Ticket take(RunTask task) {
    active++;
    if (limits.ratePerSecond() > 0) {
      tokens -= 1;
    }
    Ticket ticket = new Ticket(task);
    task.onEnd(ticket::end);
    return ticket;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(limits.burst(), tokens + (now - refilledAt) / 1e9 * limits.ratePerSecond());
    refilledAt = now;
  }

  private void scheduleWakeUpIfRateLimited() {
    if (limits.ratePerSecond() <= 0 || wakeUpScheduled) {
      return;
    }
    if (limits.maxConcurrent() > 0 && active >= limits.maxConcurrent()) {
      return; // a release will pump
    }
    refill();
    long waitNanos = (long) Math.ceil(Math.max(0, 1 - tokens) / limits.ratePerSecond() * 1e9);
    wakeUpScheduled = true;
    scheduler.schedule(() -> {
      synchronized (this) {
        wakeUpScheduled = false;
      }
      if (cluster) {
        onIo(() -> pump(false));
      } else {
        pump(false);
      }
    }, Math.max(waitNanos, 1), TimeUnit.NANOSECONDS);
  }

  /** One admission of one task: ends once, by the task's end or by a refused cluster slot. */
  private final class Ticket {
    final RunTask task;
    private boolean over;
    private boolean clusterSlot;

    Ticket(RunTask task) {
      this.task = task;
    }

    /** The task ended (its onEnd). */
    void end() {
      boolean held;
      synchronized (this) {
        if (over) {
          return;
        }
        over = true;
        held = clusterSlot;
      }
      ended(this, held);
    }

    /** The cluster slot was granted: false when the task ended meanwhile (then give it back). */
    synchronized boolean clusterSlotTaken() {
      if (over) {
        return false;
      }
      clusterSlot = true;
      return true;
    }

    /** The cluster slot was refused: true when the task goes back to the queue. */
    synchronized boolean refused() {
      if (over) {
        return false;
      }
      over = true;
      return true;
    }
  }
}
