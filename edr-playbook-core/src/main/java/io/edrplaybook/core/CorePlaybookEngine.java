package io.edrplaybook.core;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EngineClosedException;
import io.edrplaybook.api.EngineHealth;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.InvalidEventException;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.api.Plan;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.api.SkippedRow;
import io.edrplaybook.api.PlaybookEngine;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.api.RunnerHealth;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.api.TestMode;
import io.edrplaybook.core.internal.engine.ConditionFacts;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.core.internal.engine.Approvals;
import io.edrplaybook.core.internal.engine.ConnectorSlots;
import io.edrplaybook.core.internal.engine.ContextFactory;
import io.edrplaybook.core.internal.engine.Dispatcher;
import io.edrplaybook.core.internal.engine.Notifier;
import io.edrplaybook.core.internal.engine.OutcomeCollector;
import io.edrplaybook.core.internal.engine.Recorder;
import io.edrplaybook.core.internal.engine.Route;
import io.edrplaybook.core.internal.engine.RowConditions;
import io.edrplaybook.core.internal.engine.RunClaims;
import io.edrplaybook.core.internal.engine.RunTask;
import io.edrplaybook.core.internal.engine.RunnerRegistry;
import io.edrplaybook.core.internal.engine.Selection;
import io.edrplaybook.core.internal.engine.ImportCheck;
import io.edrplaybook.core.internal.engine.Snapshot;
import io.edrplaybook.core.internal.engine.Target;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.PlaybookListener;
import io.edrplaybook.spi.ScriptCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PlaybookEngine}: configuration snapshots swapped atomically, playbook evaluation on
 * precomputed rows, dispatch on per-JumpBox lanes with deadlines, run state and history in an
 * {@link ExecutionJournal}. Build one with {@link #builder()}. Thread-safe.
 *
 * <p>The journal is the source of truth: the engine keeps nothing per event beyond the runs in
 * flight. Each submission classifies the event in the journal (atomically, the journal says what
 * the previous classification was) and claims each selected run there (insert-if-absent), so a run
 * happens at most once per (organization, event id, classification, action, connector), across
 * restarts and across engines sharing a journal. At build, and every {@link
 * Builder#recoveryInterval recovery interval} after, the engine asks the journal to end the runs
 * that can no longer end (their engine stopped) and tells its listeners.
 *
 * <p>A journal call that fails is never silent: it is logged, told to the listeners
 * ({@link PlaybookListener#onJournalFailure}), shown by {@link #health()}, and the engine refuses
 * new events with a {@link JournalException} until the journal's own health check says it takes
 * writes again. A run whose start could not be recorded does not start: it ends FAILED, saying
 * the journal failed.
 */
public final class CorePlaybookEngine implements PlaybookEngine {
  private static final Logger log = LoggerFactory.getLogger(CorePlaybookEngine.class);
  /** The address of the Test button's synthetic device: from 192.0.2.0/24 (RFC 5737), never a real one. */
  public static final String TEST_DEVICE_ADDRESS = "192.0.2.10";

  private final RunnerRegistry registry;
  private final String defaultRunner;
  private final ExecutionJournal journal;
  private final Recorder recorder;
  private final RunClaims claims;
  private final Duration defaultTimeout;
  private final Duration closeGrace;
  private final Clock clock;
  private final Set<String> extraSecrets;
  private final Dispatcher dispatcher;
  private final Notifier notifier;
  private final Approvals approvals;
  private final io.edrplaybook.core.internal.engine.Undos undos;
  private final ScheduledExecutorService maintenance;
  private final Map<String, CompiledScript> compileCache = Snapshot.newCache();
  private final Object configureLock = new Object();
  private final String idPrefix = UUID.randomUUID().toString().substring(0, 13);
  private final AtomicLong ids = new AtomicLong();
  private volatile Snapshot snapshot;
  private volatile boolean closed;

  private CorePlaybookEngine(Builder b) {
    this.registry = new RunnerRegistry(b.providers, b.runners, b.discover, b.classLoader, b.runnerSettings);
    this.defaultRunner = b.defaultRunner != null ? b.defaultRunner
        : registry.has("jython") ? "jython" : registry.ids().isEmpty() ? "jython" : registry.ids().first();
    this.journal = b.journal != null ? b.journal : new InMemoryJournal();
    this.notifier = new Notifier(b.listeners);
    this.recorder = new Recorder(journal, notifier);
    this.claims = new RunClaims(recorder);
    this.defaultTimeout = b.defaultTimeout;
    this.closeGrace = b.closeGrace;
    this.clock = b.clock;
    this.extraSecrets = Set.copyOf(b.secrets);
    this.dispatcher = new Dispatcher(new Sink(), ConnectorSlots.of(journal), b.laneConcurrency, b.laneCapacity,
        b.maxLaneThreads(), clock);
    // a journal whose end record waits for a commit (an fsync, a database): the lane's next run need
    // not wait too; where a record is immediate, keeping the slot saves a thread hand-off per run
    dispatcher.freeSlotsBeforeRecords(!(journal instanceof InMemoryJournal
        || journal instanceof FileJournal f && f.sync() == FileJournal.Sync.WRITE));
    this.snapshot = Snapshot.compile(Configuration.empty(), registry, defaultRunner, extraSecrets, compileCache);
    this.undos = new io.edrplaybook.core.internal.engine.Undos(recorder, dispatcher, () -> snapshot, clock,
        defaultTimeout, this::newId);
    this.approvals = new Approvals(recorder, dispatcher, () -> snapshot, clock, defaultTimeout, undos);
    recoverInterrupted();
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "edr-playbook-journal-recovery");
      t.setDaemon(true);
      return t;
    });
    long every = b.recoveryInterval.toMillis();
    maintenance.scheduleWithFixedDelay(this::recoverInterrupted, every, every, TimeUnit.MILLISECONDS);
    maintenance.scheduleWithFixedDelay(this::sweepDue, every, every, TimeUnit.MILLISECONDS);
    if (b.configuration != null) {
      try {
        configure(b.configuration);
      } catch (RuntimeException | Error e) {
        // refused: the threads this engine started for its journal and listeners do not outlive it
        maintenance.shutdown();
        notifier.close(Duration.ZERO);
        throw e;
      }
    }
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void configure(Configuration configuration) {
    Objects.requireNonNull(configuration, "configuration");
    ensureOpen("configure");
    synchronized (configureLock) {
      ensureOpen("configure"); // again under the lock: close() may have run since
      snapshot = Snapshot.compile(configuration, registry, defaultRunner, extraSecrets, compileCache);
    }
    log.info("Configuration applied: {}", configuration);
  }

  @Override
  public Configuration configuration() {
    return snapshot.configuration();
  }

  /**
   * Checks every script's imports in its runner's interpreter, one script after the other: runs the
   * script's module-level code (its imports, and whatever else it does at module level, such as
   * reading a file beside {@code __file__}) exactly as a run starts, under its action's deadline and
   * as a run of its organization, but calls neither {@code run} nor {@code test} (see
   * {@link io.edrplaybook.spi.ScriptRunner#checkImports}). Opt-in, for {@code validate}: module-level
   * code runs for real, as it does at the start of every run. Records nothing in the journal.
   *
   * @return one problem per script that failed, at {@code actions[i].scripts[k]}, naming the file and
   *     line where module-level code failed and the error; a script whose runner cannot check imports
   *     is a problem that says so. Empty when every script's module level ran. Secrets are masked.
   * @throws io.edrplaybook.api.EngineClosedException after {@link #close()}
   */
  public List<ConfigurationProblem> checkImports() {
    ensureOpen("check imports");
    Snapshot snap = snapshot;
    return ImportCheck.check(snap.configuration(), registry, defaultRunner, defaultTimeout, snap.masker());
  }

  /**
   * Completes when every runner the engine uses has warmed up in the background (see
   * {@link io.edrplaybook.spi.ScriptRunner#ready()}: the {@code jython} runner's slots started and
   * its preloads imported), so that a first run no longer pays for a start-up; completes
   * exceptionally with the first runner's failure to warm up. {@link Builder#build()} does not
   * wait for it; events submitted before are accepted and wait for a worker within their deadline.
   * Wait for it ({@code runnersReady().get(timeout)}) or be told ({@code whenComplete}).
   */
  public CompletableFuture<Void> runnersReady() {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (io.edrplaybook.spi.ScriptRunner r : registry.inUse()) {
      try {
        all.add(r.ready().toCompletableFuture());
      } catch (RuntimeException e) {
        all.add(CompletableFuture.failedFuture(e));
      }
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** Returns the id of the runner used for scripts that name none. */
  public String defaultRunner() {
    return defaultRunner;
  }

  @Override
  public CompletionStage<EventOutcome> submit(SecurityEvent event) {
    Objects.requireNonNull(event, "event");
    ensureOpen("submit events");
    recorder.ensureWritable();
    Snapshot snap = snapshot;
    checkOrganization(snap, event);
    Selection sel = snap.select(event);
    // the runs of rows without a condition are claimed with the classification, in one journal call
    // (one commit on a database); a row with a condition reads the history first, then claims
    List<Invocation> firsts = new ArrayList<>();
    for (Route route : sel.routes()) {
      if (route.condition() == null) {
        for (Target t : route.targets()) {
          firsts.add(invocation(event, route.action(), t, false, 1));
        }
      }
    }
    // classified and read atomically by the journal: two submissions of one event cannot interleave
    Classified classified = recorder.classify(new ClassificationChange(event.id(), event.organization(),
        event.classification(), Optional.empty(), clock.instant(), sel.playbookName(), sel.reason()), firsts);
    int claimed = 0;
    Optional<Classification> previous = classified.state().previous();
    OutcomeCollector outcome = new OutcomeCollector(event.id(), event.classification(), sel.playbookName());
    if (classified.recorded().filter(ClassificationChange::isReclassification).isPresent()) {
      cancelAwaiting(EventKey.of(event), event.classification());
      undoOnReclassification(EventKey.of(event), event.classification()).forEach(outcome::add);
    }
    Map<String, Object> eventCtx = sel.routes().isEmpty() ? Map.of() : ContextFactory.event(event, previous);
    ConditionFacts facts = null;
    for (Route route : sel.routes()) {
      if (route.condition() != null) {
        facts = facts != null ? facts : RowConditions.afterClassify(event, previous, recorder);
        String failure;
        try {
          failure = route.condition().failure(facts);
        } catch (JournalException e) {
          // the history it reads failed: not claimed, so a later submission evaluates the row again
          for (Target t : route.targets()) {
            outcome.notRun(InvocationResult.notRun(invocation(event, route.action(), t, false, 1),
                InvocationStatus.REJECTED, clock.instant(), "not run: the journal failed to read the event's"
                + " history for the row's condition: " + e.getMessage()));
          }
          continue;
        }
        if (failure != null) {
          continue; // removed by its condition: not claimed, not run, not recorded (plan() says why)
        }
      }
      for (int i = 0; i < route.targets().size(); i++) {
        Target t = route.targets().get(i);
        boolean withClassification = route.condition() == null;
        Invocation first = withClassification ? firsts.get(claimed) : invocation(event, route.action(), t, false, 1);
        Invocation inv;
        try {
          inv = withClassification
              ? claims.resolve(first, classified.claims().get(claimed++), route.action().idempotent())
              : claims.claim(first, route.action().idempotent());
        } catch (JournalException e) {
          // not claimed, so not accepted: a later submission runs it once the journal is back
          outcome.notRun(InvocationResult.notRun(first, InvocationStatus.REJECTED, clock.instant(),
              "not run: the journal failed: " + e.getMessage()));
          continue;
        }
        if (inv == null) {
          outcome.skipped(alreadyRan(route.planned().get(i)));
          continue;
        }
        if (inv == first && route.rule().requiresApproval(event.classification())) {
          try {
            outcome.awaiting(approvals.request(inv, route, eventCtx, snap.masker()));
          } catch (JournalException | UnsupportedOperationException e) {
            recorder.release(inv);
            outcome.notRun(InvocationResult.notRun(first, InvocationStatus.REJECTED, clock.instant(),
                "not run: it requires approval, and the journal could not record that it awaits it: "
                    + e.getMessage()));
          }
          continue;
        }
        if (inv == first && route.rule().undo().isPresent()) {
          undos.schedule(inv, route.rule().undo().get(), eventCtx, snap.masker());
        }
        Duration timeout = route.action().timeout().orElse(defaultTimeout);
        dispatcher.start(inv, t, route.action(), snap.masker(),
            a -> new ScriptCall(EntryPoint.RUN, ContextFactory.build(a, t, eventCtx), timeout, a.id()), inv == first,
            outcome.open());
      }
    }
    return outcome.seal();
  }

  @Override
  public Plan plan(SecurityEvent event) {
    Objects.requireNonNull(event, "event");
    Snapshot snap = snapshot;
    checkOrganization(snap, event);
    Selection sel = snap.select(event);
    List<PlannedInvocation> lines = new ArrayList<>(sel.planned().size());
    List<SkippedRow> removed = new ArrayList<>();
    ConditionFacts facts = null;
    for (Route route : sel.routes()) {
      if (route.condition() != null) {
        facts = facts != null ? facts : RowConditions.beforeClassify(event, recorder);
        String failure = route.condition().failure(facts);
        if (failure != null) {
          removed.add(RowConditions.skipped(route, failure, snap.masker()));
          continue;
        }
      }
      for (int i = 0; i < route.targets().size(); i++) {
        PlannedInvocation p = route.planned().get(i);
        Target t = route.targets().get(i);
        RunKey key = new RunKey(EventKey.of(event), event.classification(), route.action().name(),
            t.connector().name());
        boolean gated = route.rule().requiresApproval(event.classification());
        if (claims.wouldRun(key, route.action().idempotent())) {
          String undo = route.rule().undo().map(CorePlaybookEngine::undoReason).orElse("");
          lines.add(gated ? new PlannedInvocation(p.section(), p.action(), p.connector(), p.script(), p.runner(),
              p.jumpBox(), true, p.reason() + "; awaits approval: " + Approvals.reason(route, event.classification())
                  + undo, true)
              : undo.isEmpty() ? p : new PlannedInvocation(p.section(), p.action(), p.connector(), p.script(),
                  p.runner(), p.jumpBox(), true, p.reason() + undo, false));
        } else {
          lines.add(gated ? awaitingOrRan(p, key) : alreadyRan(p));
        }
      }
    }
    return new Plan(event.id(), event.classification(), sel.playbookName(), sel.reason(), lines, removed);
  }

  @Override
  public CompletionStage<InvocationResult> test(String organization, String connector, String action) {
    return test(organization, connector, action, TestMode.CHECK_ONLY);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The synthetic event's device is {@code edr-playbook-test-device} at {@code 192.0.2.10}, a
   * documentation address (RFC 5737) that no real device has.
   */
  @Override
  public CompletionStage<InvocationResult> test(String organization, String connector, String action,
      TestMode mode) {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(mode, "mode");
    ensureOpen("run tests");
    Snapshot snap = snapshot;
    Configuration cfg = snap.configuration();
    if (!cfg.hasOrganization(organization)) {
      throw new IllegalArgumentException("No organization \"" + organization + "\"");
    }
    if (cfg.connector(organization, connector).isEmpty()) {
      throw new IllegalArgumentException("No connector \"" + connector + "\" in organization \"" + organization
          + "\"");
    }
    Action a = cfg.action(organization, action).orElseThrow(() -> new IllegalArgumentException(
        "No action \"" + action + "\" in organization \"" + organization + "\""));
    Target t = snap.target(organization, connector, action).orElseThrow(() -> new IllegalArgumentException(
        "Connector \"" + connector + "\" is not bound to action \"" + action + "\"; bind it before testing"));
    SecurityEvent synthetic = SecurityEvent.builder()
        .id("test-" + idPrefix + "-" + ids.incrementAndGet())
        .organization(organization)
        .device(Device.of("edr-playbook-test-device", "", TEST_DEVICE_ADDRESS, ""))
        .classification(Classification.INCONCLUSIVE)
        .time(clock.instant())
        .details(Map.of("test", true, "description", "Synthetic event of the Test button"))
        .build();
    Invocation inv = invocation(synthetic, a, t, true, 1);
    Action once = a.toBuilder().retry(RetryPolicy.NONE).build();
    Duration timeout = a.timeout().orElse(defaultTimeout);
    EntryPoint entry = t.compiled().hasTest() ? EntryPoint.TEST : EntryPoint.RUN;
    Target run = testTarget(t, mode);
    return dispatcher.dispatch(inv, run, once, snap.masker(),
            x -> new ScriptCall(entry, ContextFactory.build(x, t, ContextFactory.event(synthetic, Optional.empty())),
                timeout, x.id()))
        .thenApply(r -> r.results().get(r.results().size() - 1));
  }

  /**
   * What the Test button runs: the script when it has {@code test(ctx)}; else a reachability check
   * of the connector ({@link TestMode#CHECK_ONLY}), or the script's {@code run(ctx)} with a note in
   * the record ({@link TestMode#RUN_SCRIPT}).
   */
  private static Target testTarget(Target t, TestMode mode) {
    if (t.compiled().hasTest()) {
      return t;
    }
    io.edrplaybook.spi.ScriptRunner runner = mode == TestMode.RUN_SCRIPT
        ? new io.edrplaybook.core.internal.engine.RunFallbackNote(t.runner())
        : new io.edrplaybook.core.internal.engine.ReachabilityCheck(t.connector(), t.binding().params());
    return new Target(t.connector(), t.binding(), t.script(), t.compiled(), runner, t.key(), t.actionCtx(),
        t.connectorCtx(), t.outputCap());
  }

  @Override
  public ClassificationDetails history(String organization, String eventId) {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(eventId, "eventId");
    EventKey key = new EventKey(organization, eventId);
    return ClassificationDetails.fromJournal(key, recorder.history(key));
  }

  @Override
  public ClassificationDetails history(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    List<String> organizations = snapshot.configuration().organizations().stream().map(o -> o.name()).toList();
    List<ClassificationDetails> found = new ArrayList<>(1);
    for (String organization : organizations) {
      ClassificationDetails d = history(organization, eventId);
      if (!d.isEmpty()) {
        found.add(d);
      }
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException("Event id \"" + eventId + "\" names an event in each of the organizations "
          + found.stream().map(ClassificationDetails::organization).toList()
          + "; ask history(organization, eventId)");
    }
    if (found.isEmpty()) {
      return new ClassificationDetails(organizations.size() == 1 ? organizations.get(0) : "", eventId, List.of());
    }
    return found.get(0);
  }

  @Override
  public CompletionStage<InvocationResult> rerun(RunKey key) {
    Objects.requireNonNull(key, "key");
    SecurityEvent known = SecurityEvent.builder().id(key.event().eventId()).organization(key.event().organization())
        .device(Device.of("", "", "", "")).classification(key.classification()).time(clock.instant())
        .details(Map.of()).build();
    return rerun(key, known);
  }

  @Override
  public CompletionStage<InvocationResult> rerun(SecurityEvent event, String action, String connector) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(connector, "connector");
    return rerun(new RunKey(EventKey.of(event), event.classification(), action, connector), event);
  }

  private CompletionStage<InvocationResult> rerun(RunKey key, SecurityEvent event) {
    ensureOpen("re-run runs");
    recorder.ensureWritable();
    Snapshot snap = snapshot;
    String organization = key.event().organization();
    Configuration cfg = snap.configuration();
    if (!cfg.hasOrganization(organization)) {
      throw new IllegalArgumentException("No organization \"" + organization + "\"; known: "
          + cfg.organizations().stream().map(o -> o.name()).toList());
    }
    Action a = cfg.action(organization, key.action()).orElseThrow(() -> new IllegalArgumentException(
        "No action \"" + key.action() + "\" in organization \"" + organization + "\""));
    if (cfg.connector(organization, key.connector()).isEmpty()) {
      throw new IllegalArgumentException("No connector \"" + key.connector() + "\" in organization \""
          + organization + "\"");
    }
    Target t = snap.target(organization, key.connector(), key.action()).orElseThrow(() ->
        new IllegalArgumentException("Connector \"" + key.connector() + "\" is not bound to action \""
            + key.action() + "\"; nothing to re-run"));
    InvocationStatus last = claims.rerunnable(key);
    Invocation inv = invocation(event, a, t, false, claims.lastAttempt(key) + 1);
    claims.takeForRerun(inv);
    log.info("Operator re-run of {} (last ended {}) as attempt {}", key, last, inv.attempt());
    Optional<Classification> previous = recorder.event(key.event()).flatMap(EventState::previous);
    Map<String, Object> eventCtx = ContextFactory.event(event, previous);
    Action once = a.toBuilder().retry(RetryPolicy.NONE).build();
    Duration timeout = a.timeout().orElse(defaultTimeout);
    return dispatcher.dispatch(inv, t, once, snap.masker(),
            x -> new ScriptCall(EntryPoint.RUN, ContextFactory.build(x, t, eventCtx), timeout, x.id()), false)
        .thenApply(r -> r.results().get(r.results().size() - 1));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The run is dispatched as submitted runs are (its lane, its connector's limits, its action's
   * retries), with the event as it was when approval was requested.
   */
  @Override
  public CompletionStage<InvocationResult> approve(RunKey key, String approver, String comment) {
    Objects.requireNonNull(key, "key");
    ensureOpen("approve runs");
    recorder.ensureWritable();
    return approvals.approve(key, decider(approver), Objects.requireNonNull(comment, "comment"));
  }

  @Override
  public InvocationResult deny(RunKey key, String approver, String comment) {
    Objects.requireNonNull(key, "key");
    ensureOpen("deny runs");
    recorder.ensureWritable();
    return approvals.deny(key, decider(approver), Objects.requireNonNull(comment, "comment"));
  }

  @Override
  public List<AwaitingApproval> pending(String organization) {
    Objects.requireNonNull(organization, "organization");
    return approvals.pending(organization);
  }

  /**
   * Does now what the engine's periodic sweep does every {@link Builder#recoveryInterval recovery
   * interval}: decides every run whose approval window ended at the engine clock's now (expired,
   * or run with {@code onExpiry: run}) and fires every undo due (run, or cancelled when the run it
   * reverts did not succeed), each once across the engines sharing the journal. For a host (or a
   * test with a clock it advances) that wants it done at once.
   *
   * @return completes, once every run this call started ended, with the terminal records of the
   *     runs it decided and of the undo runs it started
   * @throws EngineClosedException after {@link #close()}
   * @throws JournalException when the journal cannot be read or written
   */
  public CompletionStage<List<InvocationResult>> runDue() {
    ensureOpen("run what is due");
    java.time.Instant now = clock.instant();
    List<CompletableFuture<InvocationResult>> started = new ArrayList<>(approvals.sweep(now));
    started.addAll(undos.sweep(now));
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .thenApply(v -> started.stream().map(CompletableFuture::join).toList());
  }

  private static String decider(String approver) {
    Objects.requireNonNull(approver, "approver");
    if (approver.isBlank()) {
      throw new IllegalArgumentException("the approver must be named; it was blank");
    }
    return approver;
  }

  private void sweepDue() {
    if (closed) {
      return;
    }
    try {
      java.time.Instant now = clock.instant();
      approvals.sweep(now);
      undos.sweep(now);
    } catch (JournalException e) {
      // reported by the recorder (log, listeners, health); tried again at the next interval
    } catch (UnsupportedOperationException e) {
      // a journal without approvals has nothing due
    } catch (RuntimeException e) {
      log.error("Deciding the runs whose approval window ended failed: {}", e.toString());
    }
  }

  private void cancelAwaiting(EventKey event, Classification now) {
    try {
      approvals.cancelOnReclassification(event, now, clock.instant());
    } catch (JournalException | UnsupportedOperationException e) {
      // reported (a journal failure) or nothing can await (no approvals): the runs stay as they are
      log.warn("Runs of event {} awaiting approval could not be cancelled at its reclassification: {}", event,
          e.getMessage());
    }
  }

  /** Fires the undos the reclassification of {@code event} to {@code now} calls for; returns their runs. */
  private List<CompletableFuture<InvocationResult>> undoOnReclassification(EventKey event, Classification now) {
    try {
      return undos.onReclassification(event, now, clock.instant());
    } catch (JournalException | UnsupportedOperationException e) {
      log.warn("The undos of event {} due at its reclassification to {} could not be fired: {}", event, now,
          e.getMessage());
      return List.of();
    }
  }

  private String newId() {
    return idPrefix + "-" + Long.toHexString(ids.incrementAndGet());
  }

  /** What a plan line says of its row's undo. */
  private static String undoReason(io.edrplaybook.api.UndoPolicy u) {
    String after = u.after().map(d -> "after " + d).orElse("");
    String on = u.onReclassifiedTo().isEmpty() ? "" : (after.isEmpty() ? "" : " or ") + "when reclassified "
        + u.onReclassifiedTo().stream().sorted().map(Enum::name).toList();
    return "; undone " + after + on + " if it succeeds";
  }

  private PlannedInvocation awaitingOrRan(PlannedInvocation p, RunKey key) {
    Optional<AwaitingApproval> a;
    try {
      a = recorder.awaiting(key);
    } catch (UnsupportedOperationException e) {
      a = Optional.empty();
    }
    if (a.isEmpty()) {
      return alreadyRan(p);
    }
    return new PlannedInvocation(p.section(), p.action(), p.connector(), p.script(), p.runner(), p.jumpBox(), false,
        "AWAITING_APPROVAL since " + a.get().time() + ", until " + a.get().expiresAt() + " (then: "
            + a.get().onExpiry().name().toLowerCase(java.util.Locale.ROOT) + ")", true);
  }

  /**
   * Returns whether the engine takes new events, its journal's health (a failed write, until the
   * journal reports itself writable again), the runs in flight, each runner in use (can it start
   * work, its workers), each JumpBox lane's and each busy connector's runs running and waiting,
   * and the lane threads abandoned in a runner. Never throws; cheap enough for every probe and
   * metrics scrape (it walks the runs in flight once).
   */
  @Override
  public EngineHealth health() {
    Optional<String> problem = recorder.problem();
    List<RunnerHealth> runners = new ArrayList<>();
    for (io.edrplaybook.spi.ScriptRunner r : registry.inUse()) {
      runners.add(runnerHealth(r));
    }
    return new EngineHealth(!closed, problem.isEmpty(), problem, dispatcher.inFlight(), runners, dispatcher.lanes(),
        dispatcher.connectors(), dispatcher.stuckThreads());
  }

  private RunnerHealth runnerHealth(io.edrplaybook.spi.ScriptRunner r) {
    String id;
    try {
      id = r.id();
    } catch (RuntimeException e) {
      id = r.getClass().getName();
    }
    try {
      io.edrplaybook.spi.RunnerStats s = r.stats();
      Optional<String> why = closed ? Optional.of("the engine is closed") : s.problem();
      return new RunnerHealth(id, why.isEmpty(), why, s.workersAlive(), s.replacements());
    } catch (RuntimeException e) {
      return new RunnerHealth(id, false, Optional.of("the runner's stats failed: " + e), 0, 0);
    }
  }

  /**
   * Adds a listener to a built engine: it is told, on the notifier thread, of what is recorded
   * from now on (as a listener given to {@link Builder#listener}). For a host that binds metrics or
   * audit after build.
   */
  public void addListener(PlaybookListener listener) {
    Objects.requireNonNull(listener, "listener");
    ensureOpen("add listeners");
    notifier.add(listener);
  }

  /** Removes a listener; it is told nothing more once the notification in delivery (if any) ends. */
  public void removeListener(PlaybookListener listener) {
    Objects.requireNonNull(listener, "listener");
    notifier.remove(listener);
  }

  /**
   * Waits up to {@code timeout} until the listeners were told of everything recorded before this
   * call (they are told on their own thread, possibly after a run's future completed): for a host
   * that prints what its listeners saw before what comes next.
   *
   * @return whether they were told within the timeout
   */
  public boolean awaitListeners(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return notifier.awaitDelivered(timeout);
  }

  /** Returns the journal this engine records into. */
  public ExecutionJournal journal() {
    return journal;
  }

  @Override
  public void close() {
    synchronized (configureLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    log.info("Closing: waiting up to {} for {} runs in flight", closeGrace, dispatcher.inFlight());
    // not shutdownNow: an interrupt in the middle of a journal call may close a file journal's channel
    maintenance.shutdown();
    dispatcher.close(closeGrace);
    registry.close();
    dispatcher.close();
    notifier.close(closeGrace);
    try {
      maintenance.awaitTermination(closeGrace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void recoverInterrupted() {
    try {
      recorder.recover(clock.instant());
    } catch (JournalException e) {
      // reported by the recorder (log, listeners, health); tried again at the next interval
    } catch (RuntimeException e) {
      log.error("Recovering interrupted runs failed: {}", e.toString());
    }
  }

  private Invocation invocation(SecurityEvent event, Action action, Target t, boolean test, int attempt) {
    return new Invocation(idPrefix + "-" + Long.toHexString(ids.incrementAndGet()), event.id(), event.organization(),
        event.classification(), action.name(), t.connector().name(), t.script().name(), t.runner().id(),
        t.connector().jumpBox(), test, attempt);
  }

  private static PlannedInvocation alreadyRan(PlannedInvocation p) {
    return new PlannedInvocation(p.section(), p.action(), p.connector(), p.script(), p.runner(), p.jumpBox(), false,
        "already ran for this event and classification; a run happens at most once");
  }

  private static void checkOrganization(Snapshot snap, SecurityEvent event) {
    if (!snap.hasOrganization(event.organization())) {
      throw new InvalidEventException("Security event \"" + event.id() + "\" names organization \""
          + event.organization() + "\", which is not configured; known: "
          + snap.configuration().organizations().stream().map(o -> o.name()).toList());
    }
  }

  private void ensureOpen(String what) {
    if (closed) {
      throw new EngineClosedException("The engine is closed and cannot " + what + " any more");
    }
  }

  private final class Sink implements RunTask.Sink {
    @Override
    public void started(InvocationStarted started) {
      recorder.started(started);
    }

    @Override
    public void started(InvocationStarted started, Duration queueWait) {
      recorder.started(started, queueWait);
    }

    @Override
    public void finished(RunTask task, InvocationResult result) {
      dispatcher.forget(task);
      Invocation i = result.invocation();
      if (!i.test() && !task.started() && task.releasesClaimIfUnstarted()) {
        // it never started: the claim goes back (a later submission may run it), the record stays
        recorder.release(i);
      }
      recorder.finished(result);
      if (log.isDebugEnabled()) {
        log.debug("{} '{}' on '{}' for event {}: {}", result.status(), i.action(), i.connector(), result.eventKey(),
            result.message());
      }
    }

    @Override
    public boolean reclaim(Invocation next) {
      try {
        return claims.reclaim(next);
      } catch (JournalException e) {
        return false;
      }
    }
  }

  /** Builds a {@link CorePlaybookEngine}. Not thread-safe. */
  public static final class Builder {
    private final List<io.edrplaybook.spi.ScriptRunnerProvider> providers = new ArrayList<>();
    private final List<io.edrplaybook.spi.ScriptRunner> runners = new ArrayList<>();
    private final Map<String, io.edrplaybook.spi.RunnerSettings> runnerSettings = new java.util.HashMap<>();
    private final List<PlaybookListener> listeners = new ArrayList<>();
    private final Set<String> secrets = new HashSet<>();
    private boolean discover = true;
    private ClassLoader classLoader = ProviderDiscovery.defaultClassLoader();
    private String defaultRunner;
    private ExecutionJournal journal;
    private Duration defaultTimeout = Duration.ofSeconds(30);
    private Duration closeGrace = Duration.ofSeconds(10);
    private int laneConcurrency = Math.max(4, Runtime.getRuntime().availableProcessors());
    private int laneCapacity = 10_000;
    private int maxLaneThreads;
    private Clock clock = Clock.systemUTC();
    private Duration recoveryInterval = Duration.ofSeconds(5);
    private Configuration configuration;

    private Builder() {}

    /** Registers a runner instance; the host owns it and closes it. */
    public Builder runner(io.edrplaybook.spi.ScriptRunner runner) {
      runners.add(Objects.requireNonNull(runner, "runner"));
      return this;
    }

    /** Registers a runner provider beside those discovered. */
    public Builder runnerProvider(io.edrplaybook.spi.ScriptRunnerProvider provider) {
      providers.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /** Turns discovery of runner providers with ServiceLoader on or off (default on). */
    public Builder discoverRunners(boolean discover) {
      this.discover = discover;
      return this;
    }

    /**
     * Sets the class loader discovery looks in (default: see {@link ProviderDiscovery}: the context
     * class loader of the thread creating this builder, else core's).
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Sets the settings of the runner {@code settings.runnerId()} creates with; settings with a
     * {@link io.edrplaybook.spi.RunnerSettings#type() type} define a named instance of that runner.
     */
    public Builder runnerSettings(io.edrplaybook.spi.RunnerSettings settings) {
      runnerSettings.put(settings.runnerId(), settings);
      return this;
    }

    /**
     * Adds a named instance of runner {@code type} with its own settings, which scripts name like
     * a runner id (e.g. {@code cpython2} of type {@code cpython} with {@code interpreter: python2.7}).
     */
    public Builder runnerInstance(String id, String type, Map<String, Object> settings) {
      return runnerSettings(io.edrplaybook.spi.RunnerSettings.instance(id, type, settings));
    }

    /** Sets the runner of scripts that name none (default {@code jython} when present). */
    public Builder defaultRunner(String id) {
      this.defaultRunner = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets the journal (default: a new {@link InMemoryJournal}); the host owns and closes it. */
    public Builder journal(ExecutionJournal journal) {
      this.journal = Objects.requireNonNull(journal, "journal");
      return this;
    }

    /**
     * Adds a listener: called on the engine's notifier thread, in record order, never on a run's or
     * the scheduler's thread (see {@link PlaybookListener}).
     */
    public Builder listener(PlaybookListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Sets the deadline of actions that set none (default 30 seconds; 1 ms to 24 h). */
    public Builder defaultTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofHours(24)) > 0) {
        throw new IllegalArgumentException("defaultTimeout must be between PT0.001S and PT24H, was " + timeout);
      }
      this.defaultTimeout = timeout;
      return this;
    }

    /** Sets how long {@link #close()} waits for runs in flight (default 10 seconds; 0 to 1 h). */
    public Builder closeGrace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative() || grace.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("closeGrace must be between PT0S and PT1H, was " + grace);
      }
      this.closeGrace = grace;
      return this;
    }

    /** Sets how many runs each JumpBox runs at once (default: max(4, processors); 1 to 1 024). */
    public Builder laneConcurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 1024) {
        throw new IllegalArgumentException("laneConcurrency must be between 1 and 1024, was " + concurrency);
      }
      this.laneConcurrency = concurrency;
      return this;
    }

    /** Sets how many runs may wait per JumpBox before more are rejected (default 10 000; 0 to 1 000 000). */
    public Builder laneQueueCapacity(int capacity) {
      if (capacity < 0 || capacity > 1_000_000) {
        throw new IllegalArgumentException("laneQueueCapacity must be between 0 and 1000000, was " + capacity);
      }
      this.laneCapacity = capacity;
      return this;
    }

    /**
     * Sets how often the engine asks its journal to end the runs that can no longer end (default
     * 5 seconds): for a journal shared by several engines, the runs of an engine that died. It
     * also asks once at build.
     */
    public Builder recoveryInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("recoveryInterval must be at least 1 ms, was " + interval);
      }
      this.recoveryInterval = interval;
      return this;
    }

    /**
     * Sets how many lane threads run scripts at most, all JumpBoxes together (default:
     * max(64, 8 × laneConcurrency); 1 to 10 000). A run beyond waits for a thread. A thread whose
     * run was ended at deadline + grace while its runner had not returned is abandoned, logged,
     * and still counts until the runner returns: a runaway script cannot make the pool grow.
     */
    public Builder maxLaneThreads(int threads) {
      if (threads < 1 || threads > 10_000) {
        throw new IllegalArgumentException("maxLaneThreads must be between 1 and 10000, was " + threads);
      }
      this.maxLaneThreads = threads;
      return this;
    }

    private int maxLaneThreads() {
      return maxLaneThreads > 0 ? maxLaneThreads : Dispatcher.defaultMaxThreads(laneConcurrency);
    }

    /** Sets the clock of the records (default: UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Adds secret values to mask beside the connectors' own (e.g. resolved references). */
    public Builder secrets(java.util.Collection<String> values) {
      secrets.addAll(values);
      return this;
    }

    /**
     * Takes everything a loaded configuration file holds: the configuration, the default runner,
     * each runner's settings and the resolved secret values to mask.
     */
    public Builder configurationFile(ConfigurationFile file) {
      Objects.requireNonNull(file, "file");
      file.defaultRunner().ifPresent(this::defaultRunner);
      file.runnerSettings().values().forEach(this::runnerSettings);
      secrets(file.secrets());
      return configuration(file.configuration());
    }

    /** Sets the configuration applied at build. */
    public Builder configuration(Configuration configuration) {
      this.configuration = Objects.requireNonNull(configuration, "configuration");
      return this;
    }

    /**
     * Builds the engine: finds the runners, ends the journal's interrupted runs, applies the
     * configuration.
     *
     * @throws io.edrplaybook.api.ConfigurationException when the configuration or a runner is refused
     */
    public CorePlaybookEngine build() {
      // the configuration is applied here rather than in the constructor, so that a refused one
      // closes what the constructor started (dispatcher threads, runners and their workers)
      Configuration initial = configuration;
      configuration = null;
      CorePlaybookEngine engine;
      try {
        engine = new CorePlaybookEngine(this);
      } finally {
        configuration = initial;
      }
      if (initial != null) {
        try {
          engine.configure(initial);
        } catch (RuntimeException | Error e) {
          engine.close();
          throw e;
        }
      }
      return engine;
    }
  }
}
