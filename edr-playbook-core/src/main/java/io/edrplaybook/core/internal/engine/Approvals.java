package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.ApprovalDecision.Verdict;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's approval gates: records a claimed run as awaiting approval instead of running it,
 * and ends that wait once — approved (the run runs), denied, expired (per the gate's
 * {@code onExpiry}) or cancelled by a reclassification — each decision fenced by the journal's
 * {@code decide}, so that of several engines or threads deciding one run, one does. Keeps nothing
 * itself: the journal holds what awaits. Thread-safe.
 */
public final class Approvals {
  private static final Logger log = LoggerFactory.getLogger(Approvals.class);
  /** How many due approvals one sweep decides at most. */
  static final int SWEEP_BATCH = 500;

  private final Recorder recorder;
  private final Dispatcher dispatcher;
  private final Supplier<Snapshot> snapshot;
  private final Clock clock;
  private final Duration defaultTimeout;
  private final Undos undos;

  /** Creates the gates of an engine; an approved run's undo is scheduled with {@code undos}. */
  public Approvals(Recorder recorder, Dispatcher dispatcher, Supplier<Snapshot> snapshot, Clock clock,
      Duration defaultTimeout, Undos undos) {
    this.undos = undos;
    this.recorder = recorder;
    this.dispatcher = dispatcher;
    this.snapshot = snapshot;
    this.clock = clock;
    this.defaultTimeout = defaultTimeout;
  }

  /**
   * Records the freshly claimed run {@code inv} of {@code route} as awaiting approval, with the
   * event its script will see (secrets masked).
   *
   * @throws io.edrplaybook.api.JournalException when it could not be recorded (the caller gives
   *     the claim back)
   */
  public AwaitingApproval request(Invocation inv, Route route, Map<String, Object> eventCtx, SecretMasker masker) {
    ApprovalGate gate = route.rule().approval().orElseThrow();
    Instant now = clock.instant();
    @SuppressWarnings("unchecked")
    Map<String, Object> event = (Map<String, Object>) masker.maskValue(eventCtx);
    AwaitingApproval request = new AwaitingApproval(inv, now, now.plus(gate.window()), gate.onExpiry(), event,
        reason(route, inv.classification()));
    recorder.awaitApproval(request);
    log.info("Run of '{}' on '{}' for event {} awaits approval until {} (then: {})", inv.action(), inv.connector(),
        inv.eventKey(), request.expiresAt(), gate.onExpiry());
    return request;
  }

  /** Why a run of {@code route} for {@code c} awaits approval: what the plan and the history say. */
  public static String reason(Route route, Classification c) {
    ApprovalGate gate = route.rule().approval().orElseThrow();
    return "row \"" + route.action().name() + "\" requires approval for " + c + " (window " + gate.window()
        + ", on expiry: " + gate.onExpiry().name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  /** Approves the run of {@code key} and runs it; completes with its terminal record. */
  public CompletableFuture<InvocationResult> approve(RunKey key, String by, String comment) {
    AwaitingApproval request = awaiting(key);
    Prepared run = prepare(request); // checked before deciding: a run that cannot run keeps waiting
    ApprovalDecision d = new ApprovalDecision(request.invocation(), Verdict.APPROVED, by, comment, clock.instant());
    if (recorder.decide(d).isEmpty()) {
      throw decidedMeanwhile(key);
    }
    log.info("Run of {} approved by {}", key, by);
    return start(request, run);
  }

  /** Denies the run of {@code key}; returns its terminal record. */
  public InvocationResult deny(RunKey key, String by, String comment) {
    AwaitingApproval request = awaiting(key);
    ApprovalDecision d = new ApprovalDecision(request.invocation(), Verdict.DENIED, by, comment, clock.instant());
    if (recorder.decide(d).isEmpty()) {
      throw decidedMeanwhile(key);
    }
    log.info("Run of {} denied by {}", key, by);
    return d.terminalRecord().orElseThrow();
  }

  /** Returns the runs of {@code organization} awaiting approval. */
  public List<AwaitingApproval> pending(String organization) {
    return recorder.pending(organization);
  }

  /**
   * Decides every run whose approval window ended at {@code now}: expired (not run) or, with
   * {@code onExpiry: run}, run. Each is decided by one engine only.
   *
   * @return the runs this call started or ended, each completing with its terminal record
   */
  public List<CompletableFuture<InvocationResult>> sweep(Instant now) {
    List<CompletableFuture<InvocationResult>> out = new ArrayList<>();
    for (AwaitingApproval a : recorder.approvalsDue(now, SWEEP_BATCH)) {
      boolean runs = a.onExpiry() == ApprovalGate.OnExpiry.RUN;
      ApprovalDecision d = new ApprovalDecision(a.invocation(), runs ? Verdict.EXPIRED_RUN : Verdict.EXPIRED,
          ApprovalDecision.ENGINE, "the approval window ended at " + a.expiresAt(), now);
      Prepared run = null;
      if (runs) {
        try {
          run = prepare(a);
        } catch (IllegalArgumentException e) {
          // its action or connector is gone: it cannot run, so it ends like an expiry that denies
          d = new ApprovalDecision(a.invocation(), Verdict.EXPIRED, ApprovalDecision.ENGINE,
              "the approval window ended at " + a.expiresAt() + " (on expiry: run), but " + e.getMessage(), now);
        }
      }
      if (recorder.decide(d).isEmpty()) {
        continue; // another engine decided it first
      }
      log.info("The approval window of run {} ended: {}", a.runKey(), d.verdict());
      out.add(run != null ? start(a, run) : CompletableFuture.completedFuture(d.terminalRecord().orElseThrow()));
    }
    return out;
  }

  /**
   * The reclassification rule: when an event's classification changes to {@code now}, every run of
   * the event still awaiting approval for another classification ends CANCELLED (decided by the
   * engine, saying so); the new classification's rows ask for approval anew where they require it.
   *
   * @return the terminal records written
   */
  public List<InvocationResult> cancelOnReclassification(EventKey event, Classification now, Instant at) {
    List<InvocationResult> out = new ArrayList<>();
    for (AwaitingApproval a : awaitingOf(recorder.history(event))) {
      if (a.invocation().classification() == now) {
        continue;
      }
      ApprovalDecision d = new ApprovalDecision(a.invocation(), Verdict.CANCELLED, ApprovalDecision.ENGINE,
          "the event was reclassified " + now + " while the run awaited approval", at);
      if (recorder.decide(d).isPresent()) {
        out.add(d.terminalRecord().orElseThrow());
      }
    }
    return out;
  }

  /** The requests of a history that no decision ended. */
  static List<AwaitingApproval> awaitingOf(List<HistoryEntry> history) {
    Set<String> decided = new HashSet<>();
    for (HistoryEntry e : history) {
      if (e instanceof ApprovalDecision d) {
        decided.add(d.invocation().id());
      }
    }
    List<AwaitingApproval> out = new ArrayList<>();
    for (HistoryEntry e : history) {
      if (e instanceof AwaitingApproval a && !decided.contains(a.invocation().id())) {
        out.add(a);
      }
    }
    return out;
  }

  private AwaitingApproval awaiting(RunKey key) {
    Objects.requireNonNull(key, "key");
    return recorder.awaiting(key).orElseThrow(() -> {
      String how = recorder.claimOf(key).map(c -> c.lastStatus().map(s -> "it ended " + s)
          .orElse("it is claimed or running")).orElse("nothing of it is recorded");
      return new IllegalStateException("The run " + key + " does not await approval: " + how);
    });
  }

  private static IllegalStateException decidedMeanwhile(RunKey key) {
    return new IllegalStateException("The run " + key + " was decided meanwhile by another engine or thread;"
        + " see its history");
  }

  /** Resolves what an approved run runs with; throws when its action or connector is gone. */
  private Prepared prepare(AwaitingApproval a) {
    Invocation i = a.invocation();
    Snapshot snap = snapshot.get();
    Configuration cfg = snap.configuration();
    Action action = cfg.action(i.organization(), i.action()).orElseThrow(() -> new IllegalArgumentException(
        "action \"" + i.action() + "\" is no longer configured in organization \"" + i.organization() + "\""));
    Target t = snap.target(i.organization(), i.connector(), i.action()).orElseThrow(() ->
        new IllegalArgumentException("connector \"" + i.connector() + "\" is no longer configured or bound to action \""
            + i.action() + "\" in organization \"" + i.organization() + "\""));
    return new Prepared(action, t, snap.masker(), undoOf(i, cfg));
  }

  /** What an approved run runs with, resolved before the decision. */
  private record Prepared(Action action, Target target, SecretMasker masker,
      java.util.Optional<io.edrplaybook.api.UndoPolicy> undo) {
  }

  /**
   * The undo of the row that asked for approval: the row of the run's action in the playbook the
   * event's classification applied (as the history says), in the configuration in force.
   */
  private java.util.Optional<io.edrplaybook.api.UndoPolicy> undoOf(Invocation i, Configuration cfg) {
    java.util.Optional<String> playbook = java.util.Optional.empty();
    for (HistoryEntry e : recorder.history(i.eventKey())) {
      if (e instanceof io.edrplaybook.api.ClassificationChange c && c.classification() == i.classification()) {
        playbook = c.playbook();
      }
    }
    return playbook.flatMap(p -> cfg.playbook(i.organization(), p)).flatMap(p -> p.rule(i.action()))
        .flatMap(io.edrplaybook.api.PlaybookRule::undo);
  }

  private CompletableFuture<InvocationResult> start(AwaitingApproval a, Prepared p) {
    Invocation i = a.invocation();
    Map<String, Object> event = a.event();
    Duration timeout = p.action().timeout().orElse(defaultTimeout);
    Target t = p.target();
    p.undo().ifPresent(u -> undos.schedule(i, u, event, p.masker()));
    return dispatcher.dispatch(i, t, p.action(), p.masker(),
            x -> new ScriptCall(EntryPoint.RUN, ContextFactory.build(x, t, event), timeout, x.id()), true)
        .thenApply(r -> r.results().get(r.results().size() - 1));
  }
}
