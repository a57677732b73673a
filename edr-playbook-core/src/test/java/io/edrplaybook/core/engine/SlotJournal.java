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
import io.edrplaybook.spi.RunClaim;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A journal shared by several engines in one test: an {@link InMemoryJournal} with cluster slots
 * that several journals can share ({@link Slots}), and that can refuse or fail the first asks.
 */
final class SlotJournal implements ExecutionJournal {

  /** Slots shared by the journals of several engines: at most {@code max} held at once. */
  static final class Slots {
    final Set<String> held = ConcurrentHashMap.newKeySet();
    final AtomicInteger asks = new AtomicInteger();
    final AtomicInteger refuseFirst = new AtomicInteger();
    final AtomicInteger failFirst = new AtomicInteger();

    synchronized boolean acquire(Invocation i, int max) {
      asks.incrementAndGet();
      if (failFirst.getAndDecrement() > 0) {
        throw new JournalException("test journal: the database is away");
      }
      if (refuseFirst.getAndDecrement() > 0) {
        return false;
      }
      if (held.contains(i.id())) {
        return true;
      }
      if (held.size() >= max) {
        return false;
      }
      held.add(i.id());
      return true;
    }

    synchronized void release(Invocation i) {
      held.remove(i.id());
    }
  }

  private final ExecutionJournal delegate;
  private final Slots slots;

  SlotJournal(ExecutionJournal delegate, Slots slots) {
    this.delegate = delegate;
    this.slots = slots;
  }

  @Override
  public boolean acquireConnectorSlot(Invocation invocation, int maxConcurrent) {
    return slots.acquire(invocation, maxConcurrent);
  }

  @Override
  public void releaseConnectorSlot(Invocation invocation) {
    slots.release(invocation);
  }

  @Override
  public Classified classify(ClassificationChange change) {
    return delegate.classify(change);
  }

  @Override
  public Optional<EventState> event(EventKey event) {
    return delegate.event(event);
  }

  @Override
  public RunClaim claim(Invocation invocation) {
    return delegate.claim(invocation);
  }

  @Override
  public boolean retake(Invocation invocation, Set<InvocationStatus> from) {
    return delegate.retake(invocation, from);
  }

  @Override
  public void release(Invocation invocation) {
    delegate.release(invocation);
  }

  @Override
  public Optional<RunClaim> claimOf(RunKey key) {
    return delegate.claimOf(key);
  }

  @Override
  public void started(InvocationStarted started) {
    delegate.started(started);
  }

  @Override
  public boolean finished(InvocationResult result) {
    return delegate.finished(result);
  }

  @Override
  public List<InvocationResult> recoverInterrupted(Instant now) {
    return delegate.recoverInterrupted(now);
  }

  @Override
  public List<HistoryEntry> history(EventKey event) {
    return delegate.history(event);
  }

  @Override
  public long forgetBefore(Instant cutoff) {
    return delegate.forgetBefore(cutoff);
  }
}
