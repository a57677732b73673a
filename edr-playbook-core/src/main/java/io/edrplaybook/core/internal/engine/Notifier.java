package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.spi.PlaybookListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the listeners, on one dedicated thread ({@code edr-playbook-notifier}), in the order the
 * engine recorded: no listener ever runs on the scheduler or a run's thread. The queue is bounded
 * ({@value #CAPACITY} notifications): when listeners fall that far behind, the threads that record
 * (never the scheduler) wait for room. Without listeners it starts no thread and queues nothing;
 * listeners may be added and removed at any time. Thread-safe.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  static final int CAPACITY = 65_536;
  private static final Object STOP = new Object();

  private final List<PlaybookListener> listeners = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(CAPACITY);
  private volatile Thread thread;
  private volatile boolean closed;

  /** A start, with how long the run waited since it was accepted. */
  private record Started(InvocationStarted started, Duration queueWait) {
  }

  /** Creates the notifier of {@code listeners}; starts its thread when there is one. */
  public Notifier(List<PlaybookListener> listeners) {
    listeners.forEach(this::add);
  }

  /**
   * Adds a listener: it is told of what is recorded from now on. Starts the thread with the
   * first listener.
   */
  public synchronized void add(PlaybookListener listener) {
    listeners.add(listener);
    if (thread == null && !closed) {
      Thread t = new Thread(this::loop, "edr-playbook-notifier");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  /** Removes a listener; it is told nothing more once the notification in delivery (if any) ends. */
  public void remove(PlaybookListener listener) {
    listeners.remove(listener);
  }

  /** Queues {@code entry} (a classification, a start or an end) for the listeners. */
  public void entry(HistoryEntry entry) {
    post(entry);
  }

  /** Queues a run's start, with how long it waited since it was accepted, for the listeners. */
  public void started(InvocationStarted started, Duration queueWait) {
    if (listeners.isEmpty()) {
      return; // nobody to tell: not even the notification is built
    }
    post(new Started(started, queueWait));
  }

  /** Queues a journal failure for the listeners. */
  public void journalFailure(JournalException failure) {
    post(failure);
  }

  private void post(Object item) {
    if (listeners.isEmpty()) {
      return;
    }
    if (closed) {
      log.debug("The engine is closed; a notification was dropped: {}", describe(item));
      return;
    }
    if (Thread.currentThread() == thread) {
      // a listener's own call into the engine never waits on the queue it is draining
      if (!queue.offer(item)) {
        log.warn("Listener queue full; a notification was dropped: {}", describe(item));
      }
      return;
    }
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while queueing a notification; it was dropped: {}", describe(item));
    }
  }

  /**
   * Waits up to {@code timeout} until the listeners were told everything queued before this call.
   *
   * @return whether they were
   */
  public boolean awaitDelivered(Duration timeout) {
    if (thread == null || closed) {
      return true; // nothing to tell, or close() already delivered what it could
    }
    if (Thread.currentThread() == thread) {
      return false; // a listener cannot wait for its own notifications
    }
    java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!queue.offer((Runnable) reached::countDown, timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
        return false;
      }
      return reached.await(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void loop() {
    while (true) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item == STOP) {
        return;
      }
      if (item instanceof Runnable marker) {
        marker.run();
        continue;
      }
      deliver(item);
    }
  }

  private void deliver(Object item) {
    for (PlaybookListener l : listeners) {
      try {
        if (item instanceof ClassificationChange c) {
          l.onClassification(c);
        } else if (item instanceof Started s) {
          l.onStarted(s.started(), s.queueWait());
        } else if (item instanceof InvocationStarted s) {
          l.onStarted(s);
        } else if (item instanceof InvocationResult r) {
          l.onFinished(r);
        } else if (item instanceof io.edrplaybook.api.AwaitingApproval a) {
          l.onAwaitingApproval(a);
        } else if (item instanceof io.edrplaybook.api.ApprovalDecision d) {
          l.onApprovalDecided(d);
        } else if (item instanceof io.edrplaybook.api.UndoScheduled u) {
          l.onUndoScheduled(u);
        } else if (item instanceof io.edrplaybook.api.UndoEnded u) {
          l.onUndoEnded(u);
        } else if (item instanceof JournalException f) {
          l.onJournalFailure(f);
        }
      } catch (RuntimeException e) {
        log.warn("Listener {} failed: {}", l.getClass().getName(), e.toString());
      }
    }
  }

  private static String describe(Object item) {
    return item instanceof HistoryEntry h ? h.getClass().getSimpleName() + " of event " + h.eventKey()
        : String.valueOf(item);
  }

  /**
   * Delivers what is queued, waiting up to {@code grace}, then stops the thread; later
   * notifications are dropped.
   */
  public void close(Duration grace) {
    Thread thread;
    synchronized (this) {
      thread = this.thread;
      if (thread == null || closed) {
        closed = true;
        return;
      }
      closed = true;
    }
    if (!queue.offer(STOP)) {
      thread.interrupt();
    }
    try {
      thread.join(Math.max(1, grace.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("Listeners did not take their {} pending notifications within {}; they are dropped",
          queue.size(), grace);
      thread.interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
