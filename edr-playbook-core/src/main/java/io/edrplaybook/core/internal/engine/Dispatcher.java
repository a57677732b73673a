package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs invocations on per-JumpBox lanes, retries what the action's policy allows, and on close
 * gives every accepted run its terminal record. Thread-safe.
 *
 * <p>Threads: the one scheduler thread enforces deadlines and fires retry and rate-limit timers;
 * it never records (no journal write, no listener): what it ends (a run past its deadline, a retry
 * refused by a full lane) is handed to a small pool of recording threads. Runs record their start
 * and end on their lane's thread.
 */
public final class Dispatcher implements AutoCloseable {
  /** Why a run that was waiting when the engine closed ended: never started. */
  static final String CLOSED_BEFORE_START = "the engine closed before the run started";

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final long SWEEP_MILLIS = 20;
  private static final int RECORD_THREADS = 4;

  /** What a chain of attempts ended with. */
  public record ChainResult(List<InvocationResult> results, boolean everStarted) {
  }

  private final RunTask.Sink sink;
  private final ConnectorSlots slots;
  private final int laneConcurrency;
  private final int laneCapacity;
  private final Clock clock;
  private final ExecutorService executor;
  private final int maxThreads;
  private final AtomicInteger stuck = new AtomicInteger();
  private final ScheduledThreadPoolExecutor scheduler;
  private final ThreadPoolExecutor records;
  private static final ThreadLocal<Boolean> ON_SCHEDULER = ThreadLocal.withInitial(() -> false);
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final Map<String, ConnectorGate> gates = new ConcurrentHashMap<>();
  private final Set<RunTask> live = ConcurrentHashMap.newKeySet();
  private record PendingRetry(Runnable fire, Runnable abandon) {
  }

  private final Map<Object, PendingRetry> pendingRetries = new ConcurrentHashMap<>();
  private final AtomicInteger openChains = new AtomicInteger();
  private volatile java.util.function.BiConsumer<Invocation, Duration> retryObserver;
  private final Object idle = new Object();
  private final java.util.function.Consumer<RunTask> onAbandoned = this::abandoned;
  private volatile boolean closing;
  private volatile boolean freeSlotsBeforeRecords;

  /**
   * Creates the dispatcher.
   *
   * @param sink records what tasks report
   * @param laneConcurrency runs at once per JumpBox
   * @param laneCapacity runs waiting per JumpBox
   * @param clock the clock of the records
   */
  public Dispatcher(RunTask.Sink sink, int laneConcurrency, int laneCapacity, Clock clock) {
    this(sink, ConnectorSlots.NONE, laneConcurrency, laneCapacity, defaultMaxThreads(laneConcurrency), clock);
  }

  /**
   * Creates the dispatcher.
   *
   * @param sink records what tasks report
   * @param slots the connectors' cluster-wide run slots (the journal's)
   * @param laneConcurrency runs at once per JumpBox
   * @param laneCapacity runs waiting per JumpBox
   * @param maxThreads lane threads at most, all JumpBoxes together; a run beyond waits for one
   * @param clock the clock of the records
   */
  public Dispatcher(RunTask.Sink sink, ConnectorSlots slots, int laneConcurrency, int laneCapacity, int maxThreads,
      Clock clock) {
    this.sink = sink;
    this.slots = slots;
    this.laneConcurrency = laneConcurrency;
    this.laneCapacity = laneCapacity;
    this.clock = clock;
    this.maxThreads = maxThreads;
    // bounded: a thread stuck in a runner past deadline + grace is abandoned but still counts, so
    // runaway scripts cannot make the pool grow without limit; runs beyond the bound wait
    ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("edr-playbook-lane-"));
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
    ThreadFactory watchdogs = daemon("edr-playbook-watchdog-");
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> watchdogs.newThread(() -> {
      ON_SCHEDULER.set(true);
      r.run();
    }));
    this.records = new ThreadPoolExecutor(RECORD_THREADS, RECORD_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("edr-playbook-record-"));
    this.records.allowCoreThreadTimeOut(true);
    this.scheduler.setRemoveOnCancelPolicy(true);
    // one sweep for every run's deadline + grace, instead of a timer per run
    this.scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Dispatches the first attempt of {@code invocation}; retries per {@code action}'s policy.
   *
   * @param calls builds each attempt's call
   * @return completes with every attempt's record once the last attempt ended
   */
  public CompletableFuture<ChainResult> dispatch(Invocation invocation, Target target, Action action,
      SecretMasker masker, Function<Invocation, ScriptCall> calls) {
    return dispatch(invocation, target, action, masker, calls, false);
  }

  /**
   * Dispatches the first attempt of {@code invocation}; retries per {@code action}'s policy.
   *
   * @param calls builds each attempt's call
   * @param freshClaim whether {@code invocation} holds a claim it was just granted: then each
   *     attempt that ends without having started (and no earlier one started) gives the claim back,
   *     and a retry claims the key again first
   * @return completes with every attempt's record once the last attempt ended
   */
  public CompletableFuture<ChainResult> dispatch(Invocation invocation, Target target, Action action,
      SecretMasker masker, Function<Invocation, ScriptCall> calls, boolean freshClaim) {
    CompletableFuture<ChainResult> done = new CompletableFuture<>();
    start(invocation, target, action, masker, calls, freshClaim, done::complete);
    return done;
  }

  /**
   * As {@link #dispatch(Invocation, Target, Action, SecretMasker, Function, boolean)}, but tells
   * {@code onDone} (once, on the thread that ended the last attempt) instead of completing a
   * future: the engine's submit path, which builds its own outcome, pays for no future stage.
   */
  public void start(Invocation invocation, Target target, Action action, SecretMasker masker,
      Function<Invocation, ScriptCall> calls, boolean freshClaim, java.util.function.Consumer<ChainResult> onDone) {
    openChains.incrementAndGet();
    new Chain(target, action, masker, calls, freshClaim, onDone).attempt(invocation);
  }

  /**
   * One dispatch: its attempts run one after another, each after the previous one's record, so
   * its state needs no lock. It is each attempt's {@link RunTask.Ended}: no lambda or future
   * stage per attempt.
   */
  private final class Chain implements RunTask.Ended {
    final Target target;
    final Action action;
    final SecretMasker masker;
    final Function<Invocation, ScriptCall> calls;
    final boolean freshClaim;
    final java.util.function.Consumer<ChainResult> onDone;
    // attempts run one after another, each after the previous one's record: no concurrent access
    final List<InvocationResult> results = new ArrayList<>(1);
    boolean everStarted;

    Chain(Target target, Action action, SecretMasker masker, Function<Invocation, ScriptCall> calls,
        boolean freshClaim, java.util.function.Consumer<ChainResult> onDone) {
      this.target = target;
      this.action = action;
      this.masker = masker;
      this.calls = calls;
      this.freshClaim = freshClaim;
      this.onDone = onDone;
    }

    void attempt(Invocation inv) {
      Lane lane = lane(inv.jumpBox());
      RunTask task = new RunTask(inv, target, calls.apply(inv), masker, lane, sink, clock, this);
      task.releasesClaimIfUnstarted(freshClaim && !everStarted);
      task.onAbandoned(onAbandoned);
      live.add(task);
      ConnectorGate gate = target.connector().limits().isUnlimited() ? null
          : gates.computeIfAbsent(inv.organization() + "\u0000" + inv.connector() + "\u0000" + inv.jumpBox()
              + "\u0000" + target.connector().limits(),
              k -> new ConnectorGate(target.connector().limits(), laneCapacity, scheduler, records, slots,
                  t -> toLane(t, lane)));
      if (closing) {
        task.cancel("the engine was closing; the run was not started");
      } else if (gate == null) {
        toLane(task, lane);
      } else {
        if (!gate.offer(task)) {
          task.finishUnstarted(InvocationStatus.REJECTED, "connector \"" + inv.connector() + "\" is at its limits ("
              + target.connector().limits() + ") and " + laneCapacity + " runs already wait for it");
        }
      }
    }

    @Override
    public void ended(RunTask task, InvocationResult r) {
      Invocation inv = task.invocation();
      results.add(r);
      boolean started = everStarted || task.started();
      everStarted = started;
      RetryPolicy policy = action.retry();
      Invocation next = !closing && inv.attempt() < policy.maxAttempts() && retryable(r, action)
          ? inv.nextAttempt(UUID.randomUUID().toString(), inv.attempt() + 1) : null;
      // attempts that never started gave their claim back: a retry claims the key again first
      if (next != null && freshClaim && !started && !sink.reclaim(next)) {
        next = null;
      }
      if (next == null) {
        complete();
        return;
      }
      Duration wait = nextWait(policy, inv.attempt(), task.retryAfter());
      Invocation retry = next;
      Object key = new Object();
      // registered before the timer exists, so a timer firing at once still finds it
      pendingRetries.put(key, new PendingRetry(() -> attempt(retry), this::complete));
      // the timer only hands the retry over: its attempt may record (a full lane rejects it)
      scheduler.schedule(() -> offScheduler(() -> {
        PendingRetry p = pendingRetries.remove(key);
        if (p != null) {
          p.fire().run();
        }
      }), wait.toNanos(), TimeUnit.NANOSECONDS);
      log.debug("Retrying {} on {} in {} (attempt {} of {})", inv.action(), inv.connector(), wait,
          next.attempt(), policy.maxAttempts());
      java.util.function.BiConsumer<Invocation, Duration> seen = retryObserver;
      if (seen != null) {
        seen.accept(retry, wait);
      }
    }

    private void complete() {
      ChainResult result = new ChainResult(List.copyOf(results), everStarted);
      if (openChains.decrementAndGet() == 0 && closing) {
        synchronized (idle) {
          idle.notifyAll();
        }
      }
      onDone.accept(result);
    }
  }

  private Lane lane(String jumpBox) {
    Lane lane = lanes.get(jumpBox);
    return lane != null ? lane
        : lanes.computeIfAbsent(jumpBox, jb -> new Lane(laneConcurrency, laneCapacity, executor, this));
  }

  private void toLane(RunTask task, Lane lane) {
    if (!lane.offer(task)) {
      // a rate-limit wake-up admits on the scheduler thread: the rejection is recorded elsewhere
      offScheduler(() -> task.finishUnstarted(InvocationStatus.REJECTED, "JumpBox \"" + task.invocation().jumpBox()
          + "\" lane is full: " + laneConcurrency + " running and " + laneCapacity + " waiting"));
    }
  }

  /** Runs {@code work} now, unless this is the scheduler thread: then on a recording thread. */
  private void offScheduler(Runnable work) {
    if (!ON_SCHEDULER.get()) {
      work.run();
      return;
    }
    try {
      records.execute(work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      work.run(); // the dispatcher is stopping: record here rather than lose it
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (RunTask t : live) {
      try {
        if (t.overdue(now) && t.markExpiring()) {
          // the sweep only notices; the TIMED_OUT record (journal, listeners) is written elsewhere
          offScheduler(() -> t.expireIfOverdue(System.nanoTime()));
        }
      } catch (RuntimeException e) {
        log.error("The deadline sweep failed on run {}: {}", t.invocation().id(), e.toString());
      }
    }
  }

  /** Called by the sink when a task has its record. */
  public void forget(RunTask task) {
    live.remove(task);
  }

  private static boolean retryable(InvocationResult r, Action action) {
    return switch (r.status()) {
      case REJECTED -> true;
      case FAILED -> r.error().map(e -> e.transientFailure()
          || (action.retry().transientErrors() && TransientErrors.recognised(e))).orElse(false);
      case TIMED_OUT -> action.idempotent();
      default -> false;
    };
  }

  /** For tests: told of every retry scheduled, with the wait before it. */
  void onRetryScheduled(java.util.function.BiConsumer<Invocation, Duration> observer) {
    this.retryObserver = observer;
  }

  /**
   * The wait before the attempt after {@code attempt}: the policy's backoff (doubling with jitter
   * up to {@code maxBackoff}), or the runner's retry-after hint when that is longer. The hint may
   * exceed {@code maxBackoff} (the third party knows when it will answer again) but never
   * {@link ScriptOutcome#MAX_RETRY_AFTER}.
   */
  static Duration nextWait(RetryPolicy policy, int attempt, java.util.Optional<Duration> hint) {
    Duration backoff = backoff(policy, attempt);
    if (hint.isEmpty() || hint.get().isNegative()) {
      return backoff;
    }
    Duration h = hint.get().compareTo(ScriptOutcome.MAX_RETRY_AFTER) > 0 ? ScriptOutcome.MAX_RETRY_AFTER : hint.get();
    return h.compareTo(backoff) > 0 ? h : backoff;
  }

  private static Duration backoff(RetryPolicy p, int attempt) {
    long base = nanos(p.initialBackoff());
    long cap = Math.max(base, nanos(p.maxBackoff()));
    int doublings = Math.min(30, attempt - 1);
    // a base too large to double that often would wrap (to a negative, then no wait): it is past the cap
    long exp = attempt >= 31 || base > (Long.MAX_VALUE >> doublings) ? cap : Math.min(cap, base << doublings);
    if (exp <= 0) {
      return Duration.ZERO;
    }
    // jitter: anywhere between half and all of the exponential wait
    return Duration.ofNanos(exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1));
  }

  /** {@code d} in nanoseconds, saturated: never throws, so a retry chain always completes. */
  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? 0 : Long.MAX_VALUE;
    }
  }

  /**
   * Stops intake, waits up to {@code grace} for runs to end, then cancels what remains: each gets
   * a CANCELLED record.
   */
  public void close(Duration grace) {
    closing = true;
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (idle) {
      while (openChains.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    // a retry not yet due is abandoned: its earlier attempts already have their records
    for (Object key : List.copyOf(pendingRetries.keySet())) {
      PendingRetry p = pendingRetries.remove(key);
      if (p != null) {
        p.abandon().run();
      }
    }
    for (ConnectorGate gate : gates.values()) {
      gate.drain().forEach(t -> t.cancel(CLOSED_BEFORE_START));
    }
    for (Lane lane : lanes.values()) {
      lane.drain().forEach(t -> t.cancel(CLOSED_BEFORE_START));
    }
    for (RunTask t : List.copyOf(live)) {
      t.cancel("the engine closed while the run was in flight; it was stopped");
    }
  }

  /** The lane threads of a dispatcher whose builder set none: max(64, 8 × laneConcurrency). */
  public static int defaultMaxThreads(int laneConcurrency) {
    return Math.max(64, 8 * laneConcurrency);
  }

  /** A run was ended for its worker, which is still inside the runner: its thread is abandoned. */
  void abandoned(RunTask task) {
    int n = stuck.incrementAndGet();
    log.warn("Run {} of '{}' on '{}' was ended (deadline plus grace passed, or the engine closed) while its"
        + " runner had not returned; its lane thread is abandoned until it does ({} of {} lane threads stuck)", task.invocation().id(),
        task.invocation().action(), task.invocation().connector(), n, maxThreads);
  }

  /** An abandoned thread came back from its runner. */
  void returned(RunTask task) {
    int n = stuck.decrementAndGet();
    log.info("The lane thread abandoned by run {} returned from its runner ({} of {} lane threads stuck)",
        task.invocation().id(), n, maxThreads);
  }

  /**
   * Waits (on a lane thread, before a run starts) until {@code runner} has warmed up, the first
   * time only: a run accepted while its runner still starts in the background (see
   * {@link io.edrplaybook.spi.ScriptRunner#ready()}) waits queued, and its deadline starts with
   * it. At most {@value #READY_WAIT_MINUTES} minutes; a warm-up that failed does not hold runs
   * (the runner refuses them, saying why).
   */
  void awaitReady(io.edrplaybook.spi.ScriptRunner runner) {
    if (readyRunners.contains(runner)) {
      return;
    }
    try {
      runner.ready().toCompletableFuture().get(READY_WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
      log.warn("Runner '{}' did not warm up ({}); its runs start anyway", runner.id(), e.toString());
    }
    readyRunners.add(runner);
  }

  private static final long READY_WAIT_MINUTES = 5;
  private final Set<io.edrplaybook.spi.ScriptRunner> readyRunners = ConcurrentHashMap.newKeySet();

  /** Returns how many lane threads are stuck in a runner past their run's deadline plus grace. */
  public int stuckThreads() {
    return stuck.get();
  }

  /** Returns each lane's load now, by JumpBox name. */
  public List<io.edrplaybook.api.LaneLoad> lanes() {
    List<io.edrplaybook.api.LaneLoad> out = new ArrayList<>(lanes.size());
    lanes.forEach((jumpBox, lane) -> out.add(new io.edrplaybook.api.LaneLoad(jumpBox, lane.running(), lane.queued())));
    out.sort(java.util.Comparator.comparing(io.edrplaybook.api.LaneLoad::jumpBox));
    return out;
  }

  /** Returns the load of each connector with runs not yet ended: started and not started. */
  public List<io.edrplaybook.api.ConnectorLoad> connectors() {
    record Key(String organization, String connector, String jumpBox) {
    }
    Map<Key, int[]> counts = new java.util.HashMap<>();
    for (RunTask t : live) {
      io.edrplaybook.api.Invocation i = t.invocation();
      int[] c = counts.computeIfAbsent(new Key(i.organization(), i.connector(), i.jumpBox()), k -> new int[2]);
      c[t.started() ? 0 : 1]++;
    }
    List<io.edrplaybook.api.ConnectorLoad> out = new ArrayList<>(counts.size());
    counts.forEach((k, c) -> out.add(new io.edrplaybook.api.ConnectorLoad(k.organization(), k.connector(), k.jumpBox(),
        c[0], c[1])));
    out.sort(java.util.Comparator.comparing(io.edrplaybook.api.ConnectorLoad::organization)
        .thenComparing(io.edrplaybook.api.ConnectorLoad::connector));
    return out;
  }

  /**
   * Sets whether a run gives its lane slot back once its runner returned, before its terminal
   * record is written (for journals whose writes wait for a commit); default false, where the
   * worker keeps its slot and takes the lane's next run itself, with no hand-off.
   */
  public void freeSlotsBeforeRecords(boolean free) {
    this.freeSlotsBeforeRecords = free;
  }

  boolean freesSlotsBeforeRecords() {
    return freeSlotsBeforeRecords;
  }

  /** Returns the number of runs not yet ended. */
  public int inFlight() {
    return live.size();
  }

  /** Stops the threads. Call after {@link #close(Duration)}. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    records.shutdown();
    executor.shutdownNow();
    try {
      // lane threads end promptly once their runs have records; one stuck in a runaway runner is abandoned
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        log.warn("Some lane threads did not stop within 2 s (stuck in a runner); they are abandoned");
      }
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      records.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
