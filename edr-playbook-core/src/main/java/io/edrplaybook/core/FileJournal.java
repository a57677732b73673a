package io.edrplaybook.core;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.AwaitingApproval;
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
import io.edrplaybook.core.internal.journal.DirectoryLock;
import io.edrplaybook.core.internal.journal.EventSummary;
import io.edrplaybook.core.internal.journal.GroupCommit;
import io.edrplaybook.core.internal.journal.JournalStore;
import io.edrplaybook.core.internal.journal.LegacyImport;
import io.edrplaybook.core.internal.journal.Limits;
import io.edrplaybook.core.internal.journal.ReadOnlyLog;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.JournalHealth;
import io.edrplaybook.spi.RunClaim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link ExecutionJournal} of one host: a directory holding an append-only log in
 * segment files, an index and a checkpoint. Open one with {@link #open(Path)} or
 * {@link #builder(Path)}.
 *
 * <p><b>What is kept.</b> Every classification change, claim, start and terminal record, as
 * compact binary records (about 300 bytes on disk per event with one classification and one run,
 * index included) in segment files of {@link Builder#segmentSize} bytes (default 64 MiB). A
 * result, its output and messages are bounded per record (output 128 Ki characters, result 256 KiB
 * of JSON, messages 8 Ki characters): what exceeds it is cut with a marker saying how much
 * ({@code outputTruncated} is set; an oversized result is replaced by a map whose key
 * {@code "journal"} says so), so everything written can be read back.
 *
 * <p><b>For how long.</b> Forever, unless a {@link Builder#retention retention} is set or
 * {@link #forgetBefore} called: retention deletes whole segments whose every entry is older than
 * the cutoff (at open and whenever a segment fills), so an event is kept at least as long as the
 * retention, and at most one segment longer. Test-button runs are kept under the same retention.
 * An event with entries on both sides of the cutoff keeps its history entries in the remaining
 * segments only, but its classification and claims are carried forward in a state record, so that
 * nothing it ran runs again.
 *
 * <p><b>Durability.</b> {@link Sync#WRITE} (the default) hands every record to the operating
 * system before the call returns: everything survives the death of the JVM or a {@code kill -9}
 * of the process, not a power loss or an OS crash. Records are copied into a shared memory
 * mapping of the segment being written (the OS's page cache itself), so this costs no system
 * call per record; the file is filled with zeros a window (1 MiB) ahead of the records, so that a
 * full disk is a failed write, not a fault at the copy, and those zeros are cut at close (or at
 * the next open after a stop). A claim is written only when needed: the start of its run (or
 * the run's not-started terminal record) implies it, and a claim still held at close is written
 * then; a claim lost to a stop of the process belonged to a run that never started, which
 * {@link #recoverInterrupted} gives back anyway. {@link Sync#FSYNC} also forces every record to
 * the device ({@code fsync}) before the call returns: it survives a power loss, at the cost of one
 * device flush per record; with {@link Builder#groupCommit} the promise is the same, but one flush
 * covers the records of every caller waiting at that moment (plus a window, the added latency). A record torn by a stop in the middle of a write is cut off at the next
 * open, without losing any complete record (reported by {@link #damagedLines()}).
 *
 * <p><b>Memory and start-up.</b> Nothing per event stays on the heap: the index from event to its
 * newest record is a memory-mapped file, each record points back to the event's previous one, and
 * only a bounded cache of recently used events ({@link Builder#cacheEvents}, default 10 000) and
 * the runs in flight are held. Opening reads the checkpoint and replays only what was written
 * after it (nothing after a clean close, at most the last 16 MiB of log after a crash), so it
 * costs the same whatever the history size. A checkpoint (every 16 MiB of log, at each new
 * segment and at close) writes the index's changed pages to the disk.
 *
 * <p><b>One writer.</b> The directory is locked while the journal is open: a second journal on it,
 * in this process or another, is refused with a {@link JournalException}. To share one journal
 * between engines or hosts, use the PostgreSQL journal. A tool may read the journal meanwhile
 * with {@link #openReadOnly}. Thread-safe: records are encoded by the calling threads, and one
 * lock only places them in the log.
 */
public final class FileJournal implements ExecutionJournal {
  private static final Logger log = LoggerFactory.getLogger(FileJournal.class);

  /** The default size of a segment file. */
  public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;
  /** The default number of events whose state is cached in memory. */
  public static final int DEFAULT_CACHE_EVENTS = 10_000;

  /** When records reach the disk. */
  public enum Sync {
    /** Handed to the operating system at every record; survives a crash of the JVM (the default). */
    WRITE,
    /** Also forced to the device at every record ({@code fsync}); survives a power loss, slower. */
    FSYNC
  }

  private final Path dir;
  private final Duration retention;
  private final Clock clock;
  private final DirectoryLock lock;
  private final JournalStore store;
  private final Set<String> openAtOpen;
  private boolean recovered;
  private volatile boolean closed;
  private volatile String failure;
  private long rotationsSeen;
  private final GroupCommit group;
  private final Sync sync;
  /**
   * Claims granted and not written: a claim is implied by the run's start (or its not-started
   * terminal record), so it is written only when the journal closes before either.
   */
  private final Map<RunKey, Invocation> unwritten = new HashMap<>();

  /** The log read beside its writer, when opened read-only; else null. */
  private final ReadOnlyLog reader;

  /** Opens {@code dir} read-only. */
  private FileJournal(Path dir) {
    this.dir = dir;
    this.sync = Sync.WRITE;
    this.retention = null;
    this.clock = Clock.systemUTC();
    this.group = null;
    this.store = null;
    this.lock = null;
    this.openAtOpen = Set.of();
    checkPath(dir);
    if (!Files.isDirectory(dir)) {
      throw new JournalException("Cannot open the file journal " + dir + " read-only: there is no such directory");
    }
    try {
      this.reader = ReadOnlyLog.open(dir);
    } catch (IOException | RuntimeException e) {
      throw new JournalException("Cannot open the file journal " + dir + " read-only: " + e.getMessage(), e);
    }
  }

  private FileJournal(Builder b) {
    this.dir = b.dir;
    this.sync = b.sync;
    this.retention = b.retention;
    this.clock = b.clock;
    this.group = b.groupWindow == null ? null : new GroupCommit(b.groupWindow);
    this.reader = null;
    checkPath(dir);
    DirectoryLock l = null;
    try {
      Files.createDirectories(dir);
      l = DirectoryLock.take(dir);
      this.store = JournalStore.open(dir, b.segmentSize, b.sync == Sync.FSYNC && b.groupWindow == null,
          b.cacheEvents);
    } catch (IOException | RuntimeException e) {
      if (l != null) {
        try {
          l.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      if (e instanceof JournalException je) {
        throw je;
      }
      throw new JournalException("Cannot open the file journal " + dir + ": " + e.getMessage(), e);
    }
    this.lock = l;
    store.damaged().forEach(d -> log.warn("Journal {}", d));
    this.openAtOpen = new LinkedHashSet<>(store.openRuns().keySet());
    try {
      applyRetention();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static void checkPath(Path dir) {
    if (Files.isDirectory(dir) || !Files.exists(dir)) {
      return;
    }
    if (Files.isRegularFile(dir)) {
      throw new JournalException("Cannot open the file journal " + dir + ": it is a file, and a file journal is a"
          + " directory (segments, index, checkpoint). If it is a journal of the earlier one-file format, import it"
          + " with FileJournal.importLegacy(" + dir + ", <new directory>); else give the path of a directory.");
    }
    throw new JournalException("Cannot open the file journal " + dir + ": it is neither a directory nor a regular"
        + " file (a FIFO, a device such as /dev/null or /dev/full, or a socket); give the path of a directory");
  }

  /** Opens (or creates) the journal in directory {@code dir} with the defaults. */
  public static FileJournal open(Path dir) {
    return builder(dir).open();
  }

  /**
   * Opens the existing journal in directory {@code dir} for reading only, beside its writer: it
   * takes no lock, so it opens while another journal (in this process or another, a running
   * {@code run} command say) writes the directory. It reads the log as it was when opened, answers
   * {@link #history(EventKey)}, {@link #event} and {@link #claimOf}, reading the whole log for each
   * (for tools, not hosts), and refuses every write with a {@link JournalException} saying it is
   * read-only. It repairs nothing: a record the writer is writing, or one torn by a stop, is not
   * read.
   *
   * @param dir the journal's directory; never null
   * @throws JournalException when {@code dir} is not a journal directory or cannot be read
   */
  public static FileJournal openReadOnly(Path dir) {
    return new FileJournal(Objects.requireNonNull(dir, "dir"));
  }

  /** Whether this journal was opened with {@link #openReadOnly} (it refuses writes). */
  public boolean readOnly() {
    return reader != null;
  }

  /** Opens (or creates) the journal in directory {@code dir} with the given durability. */
  public static FileJournal open(Path dir, Sync sync) {
    return builder(dir).sync(sync).open();
  }

  /**
   * Copies a journal of the earlier one-file format (one JSON line per entry) into a new file
   * journal in {@code dir}, reading it line by line. Runs it started count as claimed; lines that
   * cannot be read (a torn last line) are skipped and logged.
   *
   * @param file the one-file journal; never null
   * @param dir the directory of the new journal (created when absent); never null
   * @return how many entries were copied
   * @throws JournalException when either cannot be read or written
   */
  public static long importLegacy(Path file, Path dir) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(dir, "dir");
    if (!Files.isRegularFile(file)) {
      throw new JournalException("Cannot import " + file + ": it is not a regular file");
    }
    try (FileJournal j = open(dir)) {
      return LegacyImport.read(file, j::record);
    } catch (IOException e) {
      throw new JournalException("Cannot import " + file + " into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Returns a builder for a journal in directory {@code dir}. */
  public static Builder builder(Path dir) {
    return new Builder(Objects.requireNonNull(dir, "dir"));
  }

  /** Options of a {@link FileJournal}. */
  public static final class Builder {
    private final Path dir;
    private long segmentSize = DEFAULT_SEGMENT_SIZE;
    private Sync sync = Sync.WRITE;
    private Duration retention;
    private int cacheEvents = DEFAULT_CACHE_EVENTS;
    private Clock clock = Clock.systemUTC();
    private Duration groupWindow;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Sets the size at which a segment is sealed and a new one started (at least 64 KiB; default 64 MiB). */
    public Builder segmentSize(long bytes) {
      if (bytes < 64 * 1024) {
        throw new IllegalArgumentException("segmentSize must be at least 65536 bytes, was " + bytes);
      }
      this.segmentSize = bytes;
      return this;
    }

    /** Sets when records reach the disk (default {@link Sync#WRITE}). */
    public Builder sync(Sync sync) {
      this.sync = Objects.requireNonNull(sync, "sync");
      return this;
    }

    /**
     * Forgets segments whose entries are all older than this, at open and whenever a segment
     * fills (default: keep everything).
     */
    public Builder retention(Duration retention) {
      Objects.requireNonNull(retention, "retention");
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive, was " + retention);
      }
      this.retention = retention;
      return this;
    }

    /** Sets how many events' state the journal caches in memory (at least 16; default 10 000). */
    public Builder cacheEvents(int events) {
      if (events < 16) {
        throw new IllegalArgumentException("cacheEvents must be at least 16, was " + events);
      }
      this.cacheEvents = events;
      return this;
    }

    /**
     * Forces records to the device in groups instead of one by one: with {@link Sync#FSYNC}, a
     * call still returns only once its record is on the device (the same promise), but one flush
     * covers every record written while the previous flush ran, plus those of the next {@code
     * window} (the added latency, at most; zero flushes at once). Many callers at once then cost a
     * few flushes instead of one each. Ignored with {@link Sync#WRITE}.
     */
    public Builder groupCommit(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("the group commit window must be between 0 and 1 s, was " + window);
      }
      this.groupWindow = window;
      return this;
    }

    /** Sets the clock of claim records and retention (default the system's, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Opens the journal, creating the directory when absent.
     *
     * @throws JournalException when the path is not a directory, another writer holds it, or it
     *     cannot be read
     */
    public FileJournal open() {
      if (sync == Sync.WRITE) {
        groupWindow = null;
      }
      return new FileJournal(this);
    }
  }

  /** Returns the journal's directory. */
  public Path path() {
    return dir;
  }

  /**
   * Returns what was repaired when the journal was opened (a torn record cut off, say); for a
   * journal opened read-only, what cannot be read at the end of its log (nothing is repaired).
   */
  public synchronized List<String> damagedLines() {
    if (reader != null) {
      return io(() -> List.copyOf(reader.damaged()));
    }
    return List.copyOf(store.damaged());
  }

  // ---- the journal SPI ----

  /** Returns how far a record is written before a call returns ({@link Sync#WRITE} for a read-only journal). */
  public Sync sync() {
    return sync;
  }

  @Override
  public Classified classify(ClassificationChange change) {
    Objects.requireNonNull(change, "change");
    ClassificationChange draft = new ClassificationChange(change.eventId(), change.organization(),
        change.classification(), Optional.empty(), change.time(), change.playbook(),
        Limits.cut(change.note(), Limits.TEXT_CHARS));
    JournalStore.Encoded encoded = encode(() -> store.encode(draft));
    return write(() -> {
      EventSummary s = store.summary(change.eventKey());
      if (s.current() == change.classification()) {
        return new Classified(s.state().orElseThrow(), Optional.empty());
      }
      ClassificationChange recorded = new ClassificationChange(draft.eventId(), draft.organization(),
          draft.classification(), Optional.ofNullable(s.current()), draft.time(), draft.playbook(), draft.note());
      store.classified(recorded, encoded);
      return new Classified(s.state().orElseThrow(), Optional.of(recorded));
    });
  }

  @Override
  public synchronized Optional<EventState> event(EventKey event) {
    Objects.requireNonNull(event, "event");
    return io(() -> (reader != null ? reader.summary(event) : store.summary(event)).state());
  }

  @Override
  public RunClaim claim(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    if (invocation.test()) {
      throw new IllegalArgumentException("a Test-button run is never claimed: " + invocation.id());
    }
    RunKey key = invocation.runKey();
    synchronized (this) {
      ensureWritable();
      return io(() -> {
        EventSummary.Run run = store.summary(key.event()).run(key);
        if (run != null) {
          return RunClaim.held(key, Optional.ofNullable(run.last));
        }
        if (unwritten.containsKey(key)) {
          return RunClaim.held(key, Optional.empty());
        }
        unwritten.put(key, invocation);
        return RunClaim.granted(key);
      });
    }
  }

  @Override
  public boolean retake(Invocation invocation, Set<InvocationStatus> from) {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(from, "from");
    if (from.isEmpty()) {
      throw new IllegalArgumentException("retake needs at least one status to retake from");
    }
    return write(() -> {
      EventSummary.Run run = store.summary(invocation.eventKey()).run(invocation.runKey());
      if (run == null || run.last == null || !from.contains(run.last)) {
        return false;
      }
      store.claimed(invocation, clock.instant());
      return true;
    });
  }

  @Override
  public void release(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    write(() -> {
      Invocation claimed = unwritten.get(invocation.runKey());
      if (claimed != null && claimed.id().equals(invocation.id())) {
        unwritten.remove(invocation.runKey());
        return null;
      }
      EventSummary.Run run = store.summary(invocation.eventKey()).run(invocation.runKey());
      if (run != null && run.holder.equals(invocation.id()) && !run.started && run.last == null) {
        store.released(invocation, clock.instant());
      }
      return null;
    });
  }

  @Override
  public synchronized Optional<RunClaim> claimOf(RunKey key) {
    Objects.requireNonNull(key, "key");
    return io(() -> {
      EventSummary.Run run = (reader != null ? reader.summary(key.event()) : store.summary(key.event())).run(key);
      if (run == null) {
        return unwritten.containsKey(key) ? Optional.of(RunClaim.held(key, Optional.empty())) : Optional.empty();
      }
      return Optional.of(RunClaim.held(key, Optional.ofNullable(run.last)));
    });
  }

  @Override
  public void started(InvocationStarted started) {
    Objects.requireNonNull(started, "started");
    JournalStore.Encoded encoded = encode(() -> store.encode(started));
    write(() -> {
      store.started(encoded);
      written(started.invocation());
      return null;
    });
  }

  @Override
  public boolean finished(InvocationResult result) {
    Objects.requireNonNull(result, "result");
    JournalStore.Encoded encoded = encode(() -> store.encode(result));
    return write(() -> {
      if (store.summary(result.eventKey()).ended(result.invocation().id())) {
        return false;
      }
      store.finished(result, encoded);
      written(result.invocation());
      return true;
    });
  }

  @Override
  public List<InvocationResult> recoverInterrupted(Instant now) {
    Objects.requireNonNull(now, "now");
    return write(() -> {
      if (recovered) {
        return List.of();
      }
      List<InvocationResult> out = new ArrayList<>();
      for (String id : openAtOpen) {
        JournalStore.OpenRun o = store.openRuns().get(id);
        if (o == null) {
          continue;
        }
        if (o.awaiting != null) {
          continue; // awaits approval: the claim stays, the run is not interrupted
        }
        if (o.started) {
          InvocationResult r = InvocationResult.notRun(o.invocation, InvocationStatus.INTERRUPTED, now,
              "interrupted: the run started but its engine stopped before it ended; its outcome is unknown");
          store.finished(r);
          out.add(r);
        } else {
          store.released(o.invocation, now);
        }
      }
      recovered = true;
      return out;
    });
  }

  @Override
  public void awaitApproval(AwaitingApproval request) {
    Objects.requireNonNull(request, "request");
    Invocation i = request.invocation();
    JournalStore.Encoded encoded = encode(() -> store.encode(request));
    boolean recorded = write(() -> {
      Invocation unwrittenClaim = unwritten.get(i.runKey());
      EventSummary.Run run = store.summary(i.eventKey()).run(i.runKey());
      boolean holds = unwrittenClaim != null ? unwrittenClaim.id().equals(i.id())
          : run != null && run.holder.equals(i.id()) && !run.started && run.last == null;
      JournalStore.OpenRun o = store.openRuns().get(i.id());
      if (!holds || o != null && (o.awaiting != null || o.started)) {
        return false;
      }
      store.approval(encoded);
      written(i);
      return true;
    });
    if (!recorded) {
      // thrown outside the store's work: a refusal is not a failure of the journal
      throw new IllegalStateException("run " + i.id() + " does not hold an unstarted claim of " + i.runKey()
          + ": it cannot await approval");
    }
  }

  @Override
  public Optional<AwaitingApproval> decide(ApprovalDecision decision) {
    Objects.requireNonNull(decision, "decision");
    JournalStore.Encoded encoded = encode(() -> store.encode(decision));
    Optional<InvocationResult> end = decision.terminalRecord();
    JournalStore.Encoded endEncoded = end.isPresent() ? encode(() -> store.encode(end.get())) : null;
    return write(() -> {
      JournalStore.OpenRun o = store.openRuns().get(decision.invocation().id());
      if (o == null || o.awaiting == null || !o.awaiting.runKey().equals(decision.runKey())) {
        return Optional.empty();
      }
      AwaitingApproval request = o.awaiting;
      store.approval(encoded);
      if (endEncoded != null) {
        store.finished(end.get(), endEncoded);
      }
      return Optional.of(request);
    });
  }

  @Override
  public synchronized Optional<AwaitingApproval> awaiting(RunKey key) {
    Objects.requireNonNull(key, "key");
    if (reader != null) {
      return io(() -> reader.pending().stream().filter(a -> a.runKey().equals(key)).findFirst());
    }
    return io(() -> {
      EventSummary.Run run = store.summary(key.event()).run(key);
      JournalStore.OpenRun o = run == null ? null : store.openRuns().get(run.holder);
      return o == null || o.awaiting == null ? Optional.empty() : Optional.of(o.awaiting);
    });
  }

  @Override
  public synchronized List<AwaitingApproval> pending(String organization) {
    Objects.requireNonNull(organization, "organization");
    return io(() -> {
      List<AwaitingApproval> all = reader != null ? reader.pending() : awaitingNow();
      return all.stream().filter(a -> a.organization().equals(organization))
          .sorted(java.util.Comparator.comparing(AwaitingApproval::time)).toList();
    });
  }

  @Override
  public synchronized List<AwaitingApproval> approvalsDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    ensureWritable();
    return io(() -> awaitingNow().stream().filter(a -> a.expired(now))
        .sorted(java.util.Comparator.comparing(AwaitingApproval::expiresAt)).limit(Math.max(1, limit)).toList());
  }

  @Override
  public boolean scheduleUndo(io.edrplaybook.api.UndoScheduled undo) {
    Objects.requireNonNull(undo, "undo");
    JournalStore.Encoded encoded = encode(() -> store.encode(undo));
    return write(() -> {
      if (store.undoScheduled(undo.runKey())) {
        return false;
      }
      store.approval(encoded);
      return true;
    });
  }

  @Override
  public synchronized List<io.edrplaybook.api.UndoScheduled> undosDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    ensureWritable();
    return io(() -> store.scheduledUndos().stream().map(JournalStore.Scheduled::undo).filter(u -> u.due(now))
        .sorted(java.util.Comparator.comparing(u -> u.dueAt().orElseThrow())).limit(Math.max(1, limit)).toList());
  }

  @Override
  public boolean undoEnded(io.edrplaybook.api.UndoEnded ended) {
    Objects.requireNonNull(ended, "ended");
    JournalStore.Encoded encoded = encode(() -> store.encode(ended));
    return write(() -> {
      if (!store.undoScheduled(ended.runKey())) {
        return false;
      }
      store.approval(encoded);
      return true;
    });
  }

  private List<AwaitingApproval> awaitingNow() {
    List<AwaitingApproval> out = new ArrayList<>();
    for (JournalStore.OpenRun o : store.openRuns().values()) {
      if (o.awaiting != null) {
        out.add(o.awaiting);
      }
    }
    return out;
  }

  @Override
  public synchronized List<HistoryEntry> history(EventKey event) {
    Objects.requireNonNull(event, "event");
    return io(() -> reader != null ? reader.history(event) : store.history(event));
  }

  @Override
  public synchronized long forgetBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    ensureWritable();
    return io(() -> store.forgetBefore(cutoff));
  }

  /**
   * Seals the segment being written: later records go to a new one, and the sealed one can go
   * with retention once all its entries are old enough.
   */
  public synchronized void rotate() {
    ensureWritable();
    io(() -> {
      store.rotate();
      return null;
    });
  }

  @Override
  public synchronized JournalHealth health() {
    if (closed) {
      return JournalHealth.failing("The file journal " + dir + " is closed");
    }
    if (reader != null) {
      return JournalHealth.failing("The file journal " + dir + " is open read-only");
    }
    return failure == null ? JournalHealth.ok() : JournalHealth.failing(failure);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    asideFromInterrupt(() -> { // closing writes and truncates too
      closeFiles();
      return null;
    });
  }

  private void closeFiles() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        log.warn("Closing the file journal {} failed: {}", dir, e.toString());
      }
      return;
    }
    if (failure == null && !unwritten.isEmpty()) {
      try {
        for (Invocation i : unwritten.values()) {
          store.claimed(i, clock.instant());
        }
      } catch (IOException | RuntimeException e) {
        failure = "The file journal " + dir + " failed to write its claims at close: " + e.getMessage();
        log.warn(failure);
      }
      unwritten.clear();
    }
    try {
      store.close(failure == null);
    } catch (IOException e) {
      log.warn("Closing the file journal {} failed: {}", dir, e.toString());
    } finally {
      try {
        lock.close();
      } catch (IOException e) {
        log.warn("Releasing the lock of the file journal {} failed: {}", dir, e.toString());
      }
    }
  }

  /** The claim of {@code i}'s key, if unwritten, is written now: implied by the record just written. */
  private void written(Invocation i) {
    if (!i.test()) {
      Invocation claimed = unwritten.get(i.runKey());
      if (claimed != null && claimed.id().equals(i.id())) {
        unwritten.remove(i.runKey());
      }
    }
  }

  private void applyRetention() {
    if (retention != null) {
      forgetBefore(clock.instant().minus(retention));
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new JournalException("The file journal " + dir + " is closed");
    }
    if (failure != null) {
      throw new JournalException(failure + "; reopen the journal once the cause is fixed");
    }
  }

  /** Refuses a write to a journal opened read-only. */
  private void ensureWritable() {
    ensureOpen();
    if (reader != null) {
      throw new JournalException("The file journal " + dir + " is open read-only (beside its writer): it takes no"
          + " writes; open it with FileJournal.open to write");
    }
  }

  /** Work that reads or writes the store. */
  private interface Work<T> {
    T run() throws IOException;
  }

  /**
   * Encodes a record outside the journal's lock (the costly part of a write: strings, JSON), so
   * that concurrent writers hold the lock only to place their records.
   */
  private JournalStore.Encoded encode(Work<JournalStore.Encoded> work) {
    ensureOpen();
    ensureWritable();
    return asideFromInterrupt(() -> {
      try {
        return work.run(); // may write a new name to the names file
      } catch (IllegalArgumentException e) {
        throw new JournalException("The file journal " + dir + " refused a record: " + e.getMessage(), e);
      } catch (IOException | RuntimeException e) {
        throw new JournalException("The file journal " + dir + " failed: " + e.getMessage(), e);
      }
    });
  }

  /**
   * Runs {@code work} with the calling thread's interrupt put aside, and restores it after: a file
   * channel used by an interrupted thread closes itself (ClosedByInterruptException), which would
   * fail the journal for every caller because one of them (a host's request that timed out, a pool
   * shutting down) was interrupted. An interrupt that arrives during the call closes the channel
   * all the same: then the journal's file opens it again and does the operation again (ReopeningFile).
   */
  private static <T> T asideFromInterrupt(Supplier<T> work) {
    boolean interrupted = Thread.interrupted();
    try {
      return work.get();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Does {@code work} under the journal's lock, then waits until its records are durable (group commit). */
  private <T> T write(Work<T> work) {
    return asideFromInterrupt(() -> { // the group commit's flush and its wait too
      T out;
      long end;
      synchronized (this) {
        ensureWritable();
        out = io(work);
        end = group == null ? 0 : store.end();
      }
      if (group != null) {
        durable(end);
      }
      return out;
    });
  }

  /** Group commit: returns once a device flush covers log position {@code end}. */
  private void durable(long end) {
    try {
      group.await(end, () -> {
        synchronized (this) {
          ensureOpen();
          return new GroupCommit.Pending(store.end(), store.flush());
        }
      });
    } catch (IOException e) {
      String what = "The file journal " + dir + " failed to flush: " + e.getMessage();
      synchronized (this) {
        failure = what;
      }
      throw new JournalException(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JournalException("Interrupted while waiting for the file journal " + dir + " to flush", e);
    }
  }

  /** Does {@code work} on the store with the calling thread's interrupt put aside. */
  private <T> T io(Work<T> work) {
    ensureOpen();
    return asideFromInterrupt(() -> ioNow(work));
  }

  private <T> T ioNow(Work<T> work) {
    try {
      T out = work.run();
      if (retention != null && store != null && store.rotations() != rotationsSeen) {
        rotationsSeen = store.rotations();
        store.forgetBefore(clock.instant().minus(retention));
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new JournalException("The file journal " + dir + " refused a record: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      String what = "The file journal " + dir + " failed: " + e.getMessage();
      if (store != null && store.writeFailure() != null || !(e instanceof IOException)) {
        // a failed write (or a bug) leaves the journal refusing writes; a record that cannot be read does not
        failure = what;
      }
      throw new JournalException(what, e);
    }
  }

  /** Records an entry through the journal's own methods (an import of the one-file format). */
  private void record(HistoryEntry entry) {
    if (entry instanceof ClassificationChange c) {
      classify(c);
    } else if (entry instanceof InvocationStarted s) {
      started(s);
    } else if (entry instanceof InvocationResult r) {
      finished(r);
    }
    // the one-file format had no approvals
  }
}
