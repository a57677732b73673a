package io.edrplaybook.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.spi.ExecutionJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks, lifecycle and helpers of the journal conformance kit. Subclass
 * {@link ExecutionJournalConformanceKit}, not this: it holds the tests.
 *
 * <p>Each test gets a fresh empty temporary directory; {@link #open(Path)} opens a journal on it.
 * The kit closes every journal it opened after the test.
 */
public abstract class ExecutionJournalConformanceKitBase {
  /** The organization most cases use. */
  protected static final String ORG = "acme";
  /** A time well inside any retention window: now, to the millisecond. */
  protected static final Instant NOW = Instant.ofEpochMilli(System.currentTimeMillis());

  /** The test's directory, given to {@link #open(Path)}. */
  @TempDir
  protected Path dir;

  private final List<ExecutionJournal> opened = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private ExecutionJournal current;

  /**
   * Opens the journal under test on {@code dir}: an empty one the first time, the same store again
   * when the journal is {@link #durable()}. A journal on a database derives its store from
   * {@code dir} (a schema or table prefix named after it, say), so that each test starts empty.
   *
   * @param dir an empty temporary directory, the same one for every call of a test
   * @return the journal
   */
  protected abstract ExecutionJournal open(Path dir);

  /**
   * Returns whether what a journal wrote is found again by a journal opened later on the same
   * directory (after {@link ExecutionJournal#close()} or an abrupt stop). Default false.
   */
  protected boolean durable() {
    return false;
  }

  /**
   * Returns whether several journals may be open on the same store at once and share it (the
   * PostgreSQL journal). A durable journal that is not shared must refuse a second writer. Default
   * false.
   */
  protected boolean shared() {
    return false;
  }

  /**
   * Stops a journal the way a crash would, without telling it. The default closes it; a journal
   * that can simulate a crash (drop its handles without flushing or checkpointing) does that, and a
   * {@link #shared()} journal also lets the stopped engine's lease expire here, so that the next
   * journal's {@link ExecutionJournal#recoverInterrupted} takes its runs over at once.
   *
   * @param journal the journal to stop
   */
  protected void stopAbruptly(ExecutionJournal journal) {
    journal.close();
  }

  /**
   * Called by the retention case between the old entries and the new ones: a journal that
   * forgets in whole units (segments) seals the current one here. Default: nothing.
   *
   * @param journal the journal
   */
  protected void beforeNewerEntries(ExecutionJournal journal) {}

  /** Returns the journal of the running test, opening it on first use. */
  protected final ExecutionJournal journal() {
    if (current == null) {
      current = track(open(dir));
    }
    return current;
  }

  /**
   * Closes the journal of the running test and opens it again on the same directory: what a
   * restart of the host does. Only for {@link #durable()} journals.
   */
  protected final ExecutionJournal reopen() {
    if (current != null) {
      current.close();
    }
    current = track(open(dir));
    return current;
  }

  /**
   * Runs {@code check} on the journal of the running test, then, for a {@link #durable()} journal,
   * again after {@link #reopen()}.
   */
  protected final void nowAndAfterRestart(java.util.function.Consumer<ExecutionJournal> check) {
    check.accept(journal());
    if (durable()) {
      check.accept(reopen());
    }
  }

  /** Stops the journal of the running test abruptly, then opens it again. */
  protected final ExecutionJournal crashAndReopen() {
    stopAbruptly(journal());
    current = track(open(dir));
    return current;
  }

  /** Opens another journal on the same directory, beside the running one. */
  protected final ExecutionJournal openAnother() {
    return track(open(dir));
  }

  private ExecutionJournal track(ExecutionJournal j) {
    if (j == null) {
      fail("open(dir) returned null");
    }
    opened.add(j);
    return j;
  }

  /** Closes every journal the test opened. */
  @AfterEach
  protected final void closeJournals() {
    for (ExecutionJournal j : opened) {
      try {
        j.close();
      } catch (RuntimeException e) {
        // closing twice or after a simulated crash must not hide the test's own outcome
      }
    }
    opened.clear();
    current = null;
  }

  // ---- fixtures --------------------------------------------------------------------------

  /** A new invocation id. */
  protected final String newId() {
    return "inv-" + ids.incrementAndGet();
  }

  /** The first attempt of a run of {@code action} on connector {@code fw} for an event. */
  protected final Invocation run(String org, String eventId, Classification c, String action) {
    return new Invocation(newId(), eventId, org, c, action, "fw", "block.py", "fake", "jb-1", false, 1);
  }

  /** A run of {@code action} for event {@code eventId} of {@link #ORG}, MALICIOUS. */
  protected final Invocation run(String eventId, String action) {
    return run(ORG, eventId, Classification.MALICIOUS, action);
  }

  /** A Test-button run. */
  protected final Invocation testRun(String eventId, String action) {
    return new Invocation(newId(), eventId, ORG, Classification.MALICIOUS, action, "fw", "block.py", "fake", "jb-1",
        true, 1);
  }

  /** A new attempt (new id) of the same run key. */
  protected final Invocation again(Invocation i) {
    return i.nextAttempt(newId(), i.attempt() + 1);
  }

  /** A classification of an event, at {@code time}. */
  protected static ClassificationChange classification(String org, String eventId, Classification c, Instant time) {
    return new ClassificationChange(eventId, org, c, Optional.empty(), time, Optional.of("Laptops"),
        "playbook Laptops applies");
  }

  /** A terminal record of {@code i} with status {@code status}, ended at {@code time}. */
  protected static InvocationResult result(Invocation i, InvocationStatus status, Instant time) {
    return new InvocationResult(i, status, time.minusMillis(5), Duration.ofMillis(5), "done: " + status,
        Optional.of(Map.of("message", "done", "n", 3)), "printed\n", false, Optional.empty());
  }

  /** Claims, starts and ends {@code i} with {@code status}. */
  protected final void runToEnd(ExecutionJournal j, Invocation i, InvocationStatus status, Instant time) {
    if (!j.claim(i).granted()) {
      fail("a fresh key must be granted: " + i.runKey());
    }
    j.started(new InvocationStarted(i, time.minusMillis(5)));
    if (!j.finished(result(i, status, time))) {
      fail("the first terminal record of " + i.id() + " must be recorded");
    }
  }

  /** The terminal records of one invocation in an event's history. */
  protected static List<InvocationResult> terminals(List<HistoryEntry> history, String invocationId) {
    List<InvocationResult> out = new ArrayList<>();
    for (HistoryEntry h : history) {
      if (h instanceof InvocationResult r && r.invocation().id().equals(invocationId)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The key of an event of {@link #ORG}. */
  protected static EventKey key(String eventId) {
    return new EventKey(ORG, eventId);
  }

  /**
   * Runs {@code task} on {@code threads} threads released together, and returns their answers.
   * Every wait is bounded.
   */
  protected static <T> List<T> concurrently(int threads, IntTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        Callable<T> c = () -> {
          if (!go.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the start signal never came");
          }
          return task.call(n);
        };
        futures.add(pool.submit(c));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A task of thread number {@code n}. */
  @FunctionalInterface
  protected interface IntTask<T> {
    /** Does the work of thread {@code n}. */
    T call(int n) throws Exception;
  }
}
