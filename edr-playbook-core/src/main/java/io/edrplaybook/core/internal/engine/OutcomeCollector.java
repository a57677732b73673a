package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.PlannedInvocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Gathers the chains one submission dispatched into its {@link EventOutcome}: the runs refused
 * before dispatch first, then each chain's records in dispatch order. Chains may end (on lane
 * threads) while the submitting thread still dispatches; the outcome completes once the
 * submission is {@link #seal sealed} and every chain it opened has ended, on whichever thread
 * comes last. One object per submission instead of a future (and a combining stage) per chain.
 * Thread-safe.
 */
public final class OutcomeCollector {
  private final String eventId;
  private final Classification classification;
  private final Optional<String> playbook;
  private final CompletableFuture<EventOutcome> future = new CompletableFuture<>();
  private List<InvocationResult> notRun = List.of();
  private List<PlannedInvocation> skipped = List.of();
  private List<AwaitingApproval> awaiting = List.of();
  private List<InvocationResult>[] chains;
  private int opened;
  private int ended;
  private boolean sealed;

  /** Starts collecting the outcome of a submission of event {@code eventId}. */
  public OutcomeCollector(String eventId, Classification classification, Optional<String> playbook) {
    this.eventId = eventId;
    this.classification = classification;
    this.playbook = playbook;
  }

  /** Adds a run that was refused before dispatch (its record is already written). */
  public synchronized void notRun(InvocationResult result) {
    if (notRun.isEmpty()) {
      notRun = new ArrayList<>(2);
    }
    notRun.add(result);
  }

  /** Adds a selected run that is not run again. */
  public synchronized void skipped(PlannedInvocation planned) {
    if (skipped.isEmpty()) {
      skipped = new ArrayList<>(2);
    }
    skipped.add(planned);
  }

  /** Adds a run that awaits approval instead of running. */
  public synchronized void awaiting(AwaitingApproval request) {
    if (awaiting.isEmpty()) {
      awaiting = new ArrayList<>(2);
    }
    awaiting.add(request);
  }

  /** Adds one run that ends {@code run} (an undo): its result joins the outcome, its failure fails it. */
  public void add(CompletableFuture<InvocationResult> run) {
    Consumer<Dispatcher.ChainResult> slot = open();
    run.whenComplete((r, e) -> {
      if (e != null) {
        future.completeExceptionally(e);
      } else {
        slot.accept(new Dispatcher.ChainResult(List.of(r), true));
      }
    });
  }

  /** Opens the next chain's slot; the returned callback takes its result (once). */
  @SuppressWarnings("unchecked")
  public synchronized Consumer<Dispatcher.ChainResult> open() {
    if (chains == null) {
      chains = new List[2];
    } else if (opened == chains.length) {
      chains = Arrays.copyOf(chains, opened * 2);
    }
    int slot = opened++;
    return r -> arrived(slot, r.results());
  }

  private void arrived(int slot, List<InvocationResult> results) {
    synchronized (this) {
      chains[slot] = results;
      ended++;
      if (!sealed || ended < opened) {
        return;
      }
    }
    complete();
  }

  /** Every chain is opened: completes now if they all ended already. Call once. */
  public CompletableFuture<EventOutcome> seal() {
    synchronized (this) {
      sealed = true;
      if (ended < opened) {
        return future;
      }
    }
    complete();
    return future;
  }

  private void complete() {
    List<InvocationResult> results;
    if (opened == 1 && notRun.isEmpty()) {
      results = chains[0];
    } else {
      results = new ArrayList<>(notRun);
      for (int i = 0; i < opened; i++) {
        results.addAll(chains[i]);
      }
    }
    future.complete(new EventOutcome(eventId, classification, playbook, results, skipped, awaiting));
  }
}
