package io.edrplaybook.core.engine;

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
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.JournalHealth;
import io.edrplaybook.spi.RunClaim;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A journal for the engine's tests that fails on demand: {@link #fail(String...)} names the
 * operations that throw from now on ({@code classify}, {@code claim}, {@code started},
 * {@code finished}, ... or {@code *} for every write), {@link #heal()} stops it. Otherwise an
 * {@link InMemoryJournal}. Its health says it is failing while any operation fails.
 */
final class FailingJournal implements ExecutionJournal {
  final InMemoryJournal delegate = new InMemoryJournal();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  /** What the next recovery reports besides the delegate's: runs another engine left, say. */
  final java.util.Queue<InvocationResult> toRecover = new java.util.concurrent.ConcurrentLinkedQueue<>();

  FailingJournal fail(String... operations) {
    failing.addAll(List.of(operations));
    return this;
  }

  void heal() {
    failing.clear();
  }

  /** The name of the thread that wrote each end record, by invocation id. */
  final Map<String, String> finishedOn = new ConcurrentHashMap<>();

  /** How often each operation was called, by name. */
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  private void check(String operation) {
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    if (failing.contains(operation) || (failing.contains("*") && !operation.startsWith("read"))) {
      throw new JournalException("The test journal failed to " + operation + ": disk full (simulated)");
    }
  }

  @Override
  public JournalHealth health() {
    return failing.isEmpty() ? JournalHealth.ok() : JournalHealth.failing("the test journal fails " + failing);
  }

  @Override
  public Classified classify(ClassificationChange change) {
    check("classify");
    return delegate.classify(change);
  }

  @Override
  public Classified classify(ClassificationChange change, List<Invocation> claims) {
    check("classify with claims");
    return ExecutionJournal.super.classify(change, claims);
  }

  @Override
  public Optional<EventState> event(EventKey event) {
    check("read");
    return delegate.event(event);
  }

  @Override
  public RunClaim claim(Invocation invocation) {
    check("claim");
    return delegate.claim(invocation);
  }

  @Override
  public boolean retake(Invocation invocation, Set<InvocationStatus> from) {
    check("retake");
    return delegate.retake(invocation, from);
  }

  @Override
  public void release(Invocation invocation) {
    check("release");
    delegate.release(invocation);
  }

  @Override
  public Optional<RunClaim> claimOf(RunKey key) {
    check("read");
    return delegate.claimOf(key);
  }

  @Override
  public void started(InvocationStarted started) {
    check("started");
    delegate.started(started);
  }

  @Override
  public boolean finished(InvocationResult result) {
    check("finished");
    finishedOn.put(result.invocation().id(), Thread.currentThread().getName());
    CountDownLatch hold = holdEnds;
    if (hold != null) {
      endsHeld.countDown();
      try {
        if (!hold.await(30, TimeUnit.SECONDS)) {
          throw new JournalException("The test journal held an end for 30 s and gave up");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JournalException("The test journal was interrupted while holding an end");
      }
    }
    return delegate.finished(result);
  }

  /** From now on, each end waits (at most 30 s) for {@code hold}; each counts {@link #endsHeld} down first. */
  volatile CountDownLatch holdEnds;
  volatile CountDownLatch endsHeld = new CountDownLatch(0);

  @Override
  public List<InvocationResult> recoverInterrupted(Instant now) {
    check("recover");
    List<InvocationResult> out = new java.util.ArrayList<>(delegate.recoverInterrupted(now));
    for (InvocationResult r = toRecover.poll(); r != null; r = toRecover.poll()) {
      out.add(r);
    }
    return out;
  }

  @Override
  public List<HistoryEntry> history(EventKey event) {
    check("read");
    return delegate.history(event);
  }

  @Override
  public long forgetBefore(Instant cutoff) {
    check("forget");
    return delegate.forgetBefore(cutoff);
  }
}
