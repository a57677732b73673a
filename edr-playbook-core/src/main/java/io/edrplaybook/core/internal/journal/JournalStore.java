package io.edrplaybook.core.internal.journal;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The file journal's storage: the segmented log, the name dictionary, the memory-mapped event
 * index and the checkpoint, and a bounded cache of event summaries. Each event's records form a
 * chain (each points back to the event's previous one); the index points to its newest. Opening
 * reads the checkpoint and replays only the log written after it. Not thread-safe: the journal's
 * lock guards every call.
 */
public final class JournalStore implements AutoCloseable {
  private static final long INITIAL_INDEX = 1 << 16;
  /**
   * A checkpoint every this many bytes of log (and at each rotation and close): what an open after
   * a crash replays at most.
   */
  static final long CHECKPOINT_BYTES = 16L << 20;

  /** A run that was claimed or started and has not ended. */
  public static final class OpenRun {
    /** The run. */
    public final Invocation invocation;
    /** Whether it started. */
    public boolean started;
    /** While it awaits approval: the request; else null. */
    public io.edrplaybook.api.AwaitingApproval awaiting;
    long position;

    OpenRun(Invocation invocation, long position) {
      this.invocation = invocation;
      this.position = position;
    }
  }

  final Path dir;
  private final boolean fsync;
  private final int cacheEvents;
  final Names names;
  final Segments segments;
  final HashIndex index;
  private final RecordCodec codec;
  private final Out out = new Out(4096);
  private final byte[][] readBuffer = {new byte[1024]};
  final LinkedHashMap<EventKey, EventSummary> cache;
  final LinkedHashMap<String, OpenRun> open = new LinkedHashMap<>();
  /** The undos scheduled and not ended, by the key of the run they undo, with their record's position. */
  final LinkedHashMap<io.edrplaybook.api.RunKey, Scheduled> undos = new LinkedHashMap<>();

  /** A scheduled undo and where its record is. */
  public record Scheduled(io.edrplaybook.api.UndoScheduled undo, long position) {
  }
  final List<String> damaged = new ArrayList<>();
  private Rec probe;
  private long rotations;
  private String writeFailure;
  private long sinceCheckpoint;

  private JournalStore(Path dir, long segmentSize, boolean fsync, int cacheEvents) throws IOException {
    this.dir = dir;
    this.fsync = fsync;
    this.cacheEvents = cacheEvents;
    this.cache = new LinkedHashMap<>(64, 0.75f, true);
    Names n = null;
    Segments s = null;
    HashIndex ix = null;
    try {
      n = new Names(dir.resolve("names.dat"));
      s = new Segments(dir, segmentSize);
      ix = HashIndex.open(dir.resolve("index.dat"), INITIAL_INDEX);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ix, s, n);
      throw e;
    }
    this.names = n;
    this.segments = s;
    this.index = ix;
    this.codec = new RecordCodec(names);
    if (names.repaired() != null) {
      damaged.add(names.repaired());
    }
    try {
      Recovery.run(this);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ix, s, n);
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable... all) {
    for (AutoCloseable c : all) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // already failing
      }
    }
  }

  /**
   * Opens (or creates) the store in {@code dir}, an existing directory the caller holds the lock
   * of.
   */
  public static JournalStore open(Path dir, long segmentSize, boolean fsync, int cacheEvents) throws IOException {
    return new JournalStore(dir, segmentSize, fsync, cacheEvents);
  }

  /** Returns the messages of what was repaired at open (a torn tail cut off). */
  public List<String> damaged() {
    return Collections.unmodifiableList(damaged);
  }

  /** The 64-bit hash of an event key; never 0. */
  static long hash(EventKey k) {
    long h = 0xcbf29ce484222325L;
    String o = k.organization();
    for (int i = 0; i < o.length(); i++) {
      h = (h ^ o.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ 0xFFFF) * 0x100000001b3L;
    String e = k.eventId();
    for (int i = 0; i < e.length(); i++) {
      h = (h ^ e.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }

  Rec decode(long position, byte[] body, int length, boolean full) throws IOException {
    try {
      return codec.decode(position, body, 0, length, full);
    } catch (RuntimeException e) {
      throw new IOException("the record at log position " + position + " cannot be read: " + e.getMessage(), e);
    }
  }

  Rec read(long position, boolean full) throws IOException {
    int n = segments.read(position, readBuffer);
    try {
      return codec.decode(position, readBuffer[0], 8, 8 + n, full);
    } catch (RuntimeException e) {
      throw new IOException("the record at log position " + position + " cannot be read: " + e.getMessage(), e);
    }
  }

  boolean sameEvent(long position, EventKey event) {
    try {
      Rec r = read(position, false);
      if (r.event().equals(event)) {
        probe = r;
        return true;
      }
      return false;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The positions of an event's records, newest first, as far as the log still holds them. */
  private List<Rec> chain(EventKey event, boolean full) throws IOException {
    return chain(event, full, false);
  }

  /** The records of an event, newest first; with {@code toState}, up to its newest state record. */
  private List<Rec> chain(EventKey event, boolean full, boolean toState) throws IOException {
    probe = null;
    long head;
    try {
      head = index.get(hash(event), p -> sameEvent(p, event));
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    List<Rec> out = new ArrayList<>();
    long start = segments.start();
    for (long p = head; p != 0 && p >= start; ) {
      Rec r = full || probe == null || probe.position() != p ? read(p, full) : probe;
      if (!r.event().equals(event)) {
        throw new IOException("the record at log position " + p + " belongs to " + r.event() + ", not " + event
            + ": the index is damaged; delete " + dir.resolve("index.dat") + " to rebuild it from the log");
      }
      out.add(r);
      if (toState && r.type() == Rec.STATE) {
        break;
      }
      p = r.previous();
    }
    return out;
  }

  /** Returns what the journal knows of {@code event}: from the cache, else folded from its chain. */
  public EventSummary summary(EventKey event) throws IOException {
    EventSummary s = cache.get(event);
    if (s != null) {
      return s;
    }
    s = new EventSummary(event);
    List<Rec> chain = chain(event, false, true);
    for (int k = chain.size() - 1; k >= 0; k--) {
      s.apply(chain.get(k));
    }
    s.latest = chain.isEmpty() ? 0 : chain.get(0).position();
    cache.put(event, s);
    if (cache.size() > cacheEvents) {
      var it = cache.entrySet().iterator();
      it.next();
      it.remove();
    }
    return s;
  }

  /** Returns an event's history in recording order. */
  public List<HistoryEntry> history(EventKey event) throws IOException {
    List<Rec> chain = chain(event, true);
    List<HistoryEntry> out = new ArrayList<>(chain.size());
    for (int k = chain.size() - 1; k >= 0; k--) {
      if (chain.get(k).entry() != null) {
        out.add(chain.get(k).entry());
      }
    }
    return out;
  }

  /**
   * A record encoded ahead of its place in the log, all but its type and back-pointer: the costly
   * part of a write (strings, JSON), done by the caller's thread outside the journal's lock.
   */
  public static final class Encoded {
    final int type;
    final EventKey event;
    final Instant time;
    final HistoryEntry entry;
    final Invocation inv;
    final EventSummary snapshot;
    final Out tail;
    final int previousAt;

    private Encoded(int type, EventKey event, Instant time, HistoryEntry entry, Invocation inv,
        EventSummary snapshot, Out tail, int previousAt) {
      this.type = type;
      this.event = event;
      this.time = time;
      this.entry = entry;
      this.inv = inv;
      this.snapshot = snapshot;
      this.tail = tail;
      this.previousAt = previousAt;
    }
  }

  /** Encodes a classification (its previous is set when written). Thread-safe. */
  public Encoded encode(ClassificationChange c) throws IOException {
    return encode(Rec.CLASSIFY, c.eventKey(), c.time(), c, null, null);
  }

  /** Encodes a start. Thread-safe. */
  public Encoded encode(InvocationStarted s) throws IOException {
    return encode(Rec.STARTED, s.eventKey(), s.time(), s, s.invocation(), null);
  }

  /** Encodes a scheduled undo. Thread-safe. */
  public Encoded encode(io.edrplaybook.api.UndoScheduled u) throws IOException {
    return encode(Rec.UNDO, u.eventKey(), u.time(), u, u.original(), null);
  }

  /** Encodes the end of a scheduled undo. Thread-safe. */
  public Encoded encode(io.edrplaybook.api.UndoEnded d) throws IOException {
    return encode(Rec.UNDONE, d.eventKey(), d.time(), d, d.original(), null);
  }

  /** Whether an undo of the run of {@code key} is scheduled and not ended. */
  public boolean undoScheduled(io.edrplaybook.api.RunKey key) {
    return undos.containsKey(key);
  }

  /** The undos scheduled and not ended, oldest first. */
  public java.util.Collection<Scheduled> scheduledUndos() {
    return Collections.unmodifiableCollection(undos.values());
  }

  /** Encodes an approval request. Thread-safe. */
  public Encoded encode(io.edrplaybook.api.AwaitingApproval a) throws IOException {
    return encode(Rec.AWAIT, a.eventKey(), a.time(), a, a.invocation(), null);
  }

  /** Encodes an approval decision. Thread-safe. */
  public Encoded encode(io.edrplaybook.api.ApprovalDecision d) throws IOException {
    return encode(Rec.DECIDE, d.eventKey(), d.time(), d, d.invocation(), null);
  }

  /** Records an approval request or decision encoded by this store. */
  public void approval(Encoded e) throws IOException {
    write(e);
  }

  /** Encodes a terminal record. Thread-safe. */
  public Encoded encode(InvocationResult r) throws IOException {
    return encode(Rec.FINISHED, r.eventKey(), r.startedAt(), r, r.invocation(), null);
  }

  private Encoded encode(int type, EventKey event, Instant time, HistoryEntry entry, Invocation inv,
      EventSummary snapshot) throws IOException {
    if (event.eventId().length() > Limits.KEY_CHARS || event.organization().length() > Limits.KEY_CHARS) {
      throw new IllegalArgumentException("an event id or organization longer than " + Limits.KEY_CHARS
          + " characters is not kept by the journal: " + event.toString().substring(0, 80) + "...");
    }
    Out tail = new Out(256);
    int previousAt = codec.tail(tail, type, event, time, entry, inv, snapshot);
    if (tail.size() > Segments.MAX_BODY - 16) {
      throw new IllegalArgumentException("a record of " + tail.size() + " bytes is larger than the journal keeps ("
          + Segments.MAX_BODY + ")");
    }
    return new Encoded(type, event, time, entry, inv, snapshot, tail, previousAt);
  }

  /** Records a classification encoded by {@link #encode(ClassificationChange)}, with its previous now known. */
  public void classified(ClassificationChange recorded, Encoded e) throws IOException {
    e.tail.u8At(e.previousAt, RecordCodec.previousByte(recorded));
    write(new Encoded(e.type, e.event, e.time, recorded, null, null, e.tail, e.previousAt));
  }

  /** Records a claim (or a retake) of {@code i}'s key. */
  public void claimed(Invocation i, Instant now) throws IOException {
    write(encode(Rec.CLAIM, i.eventKey(), now, null, i, null));
  }

  /** Records that {@code i} gave its claim back. */
  public void released(Invocation i, Instant now) throws IOException {
    write(encode(Rec.RELEASE, i.eventKey(), now, null, i, null));
  }

  /** Records a start encoded by {@link #encode(InvocationStarted)}. */
  public void started(Encoded e) throws IOException {
    write(e);
  }

  /** Records a terminal record (encoded by {@link #encode(InvocationResult)}, or now when null). */
  public void finished(InvocationResult r, Encoded e) throws IOException {
    write(e != null ? e : encode(r));
  }

  /** Records a terminal record. */
  public void finished(InvocationResult r) throws IOException {
    finished(r, null);
  }

  void write(int type, EventKey event, Instant time, HistoryEntry entry, Invocation inv,
      EventSummary snapshot) throws IOException {
    write(encode(type, event, time, entry, inv, snapshot));
  }

  private void write(Encoded e) throws IOException {
    EventKey event = e.event;
    EventSummary s = summary(event);
    long previous = s.latest;
    long end = segments.end();
    int length = frame(end, previous, e);
    boolean rotate = segments.wouldRotate(length + 16);
    long position = rotate ? end + Segments.HEADER : end;
    if (rotate) {
      length = frame(position, previous, e);
    }
    HistoryEntry entry = e.entry;
    Instant entryTime = entry instanceof InvocationResult r ? r.time() : e.time;
    long at;
    try {
      at = segments.append(out.array(), length, entry == null ? Long.MIN_VALUE : entryTime.getEpochSecond(), rotate);
      if (rotate && fsync) {
        segments.forceDirectory();
      }
    } catch (IOException x) {
      writeFailure = x.toString();
      throw x;
    }
    if (at != position) {
      throw new IllegalStateException("record written at " + at + ", expected " + position);
    }
    if (fsync) {
      try {
        names.force();
        segments.force();
      } catch (IOException x) {
        writeFailure = x.toString();
        throw x;
      }
    }
    index.put(hash(event), at, previous, p -> sameEvent(p, event));
    Rec r = new Rec(e.type, at, previous, event, entryTime, entry, e.inv, e.snapshot);
    s.latest = at;
    s.apply(r);
    track(r);
    sinceCheckpoint += length;
    if (rotate) {
      rotations++;
    }
    if (rotate || sinceCheckpoint >= CHECKPOINT_BYTES) {
      checkpoint();
    }
  }

  /** Returns why the last failed write failed; null when no write failed (a read error is not one). */
  public String writeFailure() {
    return writeFailure;
  }

  /** How many times a full segment was sealed since open. */
  public long rotations() {
    return rotations;
  }

  /** Puts the frame of {@code e} at {@code position} into {@code out}; returns its length. */
  private int frame(long position, long previous, Encoded e) {
    out.reset();
    out.u32(0);
    out.u32(0);
    out.u8(e.type);
    out.varlong(previous == 0 ? 0 : position - previous);
    out.raw(e.tail.array(), 0, e.tail.size());
    int n = out.size() - 8;
    out.u32At(0, n);
    out.u32At(4, Segments.crc(out.array(), 8, n));
    return out.size();
  }

  void track(Rec r) {
    switch (r.type()) {
      case Rec.CLAIM -> open.put(r.invocation().id(), new OpenRun(r.invocation(), r.position()));
      case Rec.STARTED -> {
        OpenRun o = open.computeIfAbsent(r.invocation().id(), k -> new OpenRun(r.invocation(), r.position()));
        o.started = true;
        o.position = r.position();
      }
      case Rec.RELEASE, Rec.FINISHED -> open.remove(r.invocation().id());
      case Rec.UNDO -> {
        io.edrplaybook.api.UndoScheduled u = (io.edrplaybook.api.UndoScheduled) r.entry();
        undos.put(u.runKey(), new Scheduled(u, r.position()));
      }
      case Rec.UNDONE -> undos.remove(((io.edrplaybook.api.UndoEnded) r.entry()).runKey());
      case Rec.AWAIT -> {
        OpenRun o = new OpenRun(r.invocation(), r.position());
        o.awaiting = (io.edrplaybook.api.AwaitingApproval) r.entry();
        open.put(r.invocation().id(), o);
      }
      case Rec.DECIDE -> {
        // decided: a claimed run now (its start or terminal record follows); this record keeps it open
        OpenRun o = open.computeIfAbsent(r.invocation().id(), k -> new OpenRun(r.invocation(), r.position()));
        o.awaiting = null;
        o.position = r.position();
      }
      default -> {
        // a classification opens nothing
      }
    }
  }

  /** The runs claimed or started and not ended, by invocation id, oldest first. */
  public Map<String, OpenRun> openRuns() {
    return Collections.unmodifiableMap(open);
  }

  /**
   * Deletes the oldest segments whose every entry is older than {@code cutoff}; returns how many
   * records went (see {@link Retention}).
   */
  public long forgetBefore(Instant cutoff) throws IOException {
    return Retention.forgetBefore(this, cutoff);
  }

  /** Seals the segment being written: later records go to a new one. */
  public void rotate() throws IOException {
    segments.rotate();
    checkpoint();
  }

  /** Writes the index and the checkpoint: a later open replays only what comes after. */
  public void checkpoint() throws IOException {
    sinceCheckpoint = 0;
    segments.force();
    names.force();
    index.force();
    List<long[]> segs = new ArrayList<>();
    for (Segments.Segment s : segments.all()) {
      segs.add(new long[] {s.base, s.maxTime, s.records});
    }
    long[] openAt = java.util.stream.LongStream.concat(open.values().stream().mapToLong(o -> o.position),
        undos.values().stream().mapToLong(Scheduled::position)).toArray();
    new Checkpoint(segments.end(), segs, openAt).write(dir.resolve("checkpoint.dat"));
  }

  /** The events in the cache (for tests of the bound). */
  public int cachedEvents() {
    return cache.size();
  }

  /** Closes the files, after a checkpoint when {@code clean}. */
  public void close(boolean clean) throws IOException {
    try {
      if (clean) {
        checkpoint();
      }
    } finally {
      closeQuietly(index, segments, names);
    }
  }

  @Override
  public void close() throws IOException {
    close(true);
  }

  /** A device flush of everything written so far, to run outside the journal's lock. */
  @FunctionalInterface
  public interface Flush {
    /** Forces the files to the device. */
    void run() throws IOException;
  }

  /** Returns the log position after the newest record. */
  public long end() {
    return segments.end();
  }

  /**
   * Returns a flush of what is written now: the segment being written (sealed ones were flushed
   * when sealed) and the names. Safe to run while others write.
   */
  public Flush flush() {
    Segments.Segment active = segments.last();
    java.nio.MappedByteBuffer window = active.window;
    return () -> {
      names.force();
      if (window != null) {
        window.force();
      }
      active.channel.force(false);
    };
  }

  /** Returns the segment of the newest record, for messages. */
  public Optional<Path> lastSegment() {
    return Optional.of(segments.last().path);
  }
}
