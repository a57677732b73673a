package io.edrplaybook.core.internal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The event index: a memory-mapped open-addressing hash table, in {@code index.dat}, from an
 * event key's 64-bit hash to the log position of the event's latest record. Nothing of it is on
 * the Java heap. Linear probing; a slot is {@code [hash u64][position u64]}, hash 0 marks an empty
 * slot. Two events with one hash are told apart by reading the record (the caller's predicate).
 * Slots pointing before the log's start (forgotten by retention) count as free for new keys and
 * are dropped when the table grows. Grows by doubling past 70% load. Not thread-safe.
 */
final class HashIndex implements AutoCloseable {
  private static final byte[] MAGIC = {'E', 'D', 'R', 'J', 'I', 'D', 'X', '1'};
  private static final int HEADER = 64;
  private static final int SLOT = 16;
  private static final int CHUNK_SLOTS = 1 << 22;

  private final Path file;
  private ReopeningFile channel;
  private MappedByteBuffer[] chunks;
  private long capacity;
  private long count;
  private long logStart;
  private final boolean fresh;

  private HashIndex(Path file, long capacity, boolean fresh) throws IOException {
    this.file = file;
    this.fresh = fresh;
    map(capacity);
  }

  /** Opens {@code file}; creates an empty index (and says so with {@link #fresh()}) when it is absent or not valid. */
  static HashIndex open(Path file, long initialCapacity) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) >= HEADER) {
      try (ReopeningFile ch = ReopeningFile.open(file, StandardOpenOption.READ)) {
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        Segments.readFully(ch, h, 0);
        byte[] magic = Arrays.copyOf(h.array(), 8);
        long cap = h.getLong(8);
        if (Arrays.equals(magic, MAGIC) && cap >= 16 && Long.bitCount(cap) == 1
            && ch.size() == HEADER + cap * SLOT) {
          HashIndex ix = new HashIndex(file, cap, false);
          ix.count = h.getLong(16);
          return ix;
        }
      }
    }
    Files.deleteIfExists(file);
    create(file, initialCapacity);
    return new HashIndex(file, initialCapacity, true);
  }

  private static void create(Path file, long capacity) throws IOException {
    try (ReopeningFile ch = ReopeningFile.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer h = ByteBuffer.allocate(HEADER);
      h.put(MAGIC).putLong(capacity).putLong(0).position(0);
      while (h.hasRemaining()) {
        ch.write(h, h.position());
      }
      ch.truncate(HEADER + capacity * SLOT);
      ByteBuffer end = ByteBuffer.allocate(1);
      ch.write(end, HEADER + capacity * SLOT - 1);
    }
  }

  private void map(long cap) throws IOException {
    channel = ReopeningFile.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    capacity = cap;
    int n = (int) ((cap + CHUNK_SLOTS - 1) / CHUNK_SLOTS);
    chunks = new MappedByteBuffer[n];
    for (int k = 0; k < n; k++) {
      long slots = Math.min(CHUNK_SLOTS, cap - (long) k * CHUNK_SLOTS);
      chunks[k] = channel.map(FileChannel.MapMode.READ_WRITE, HEADER + (long) k * CHUNK_SLOTS * SLOT, slots * SLOT);
    }
  }

  /** Whether the index was created empty at open: the log must be replayed from its start. */
  boolean fresh() {
    return fresh;
  }

  long count() {
    return count;
  }

  long capacity() {
    return capacity;
  }

  /** Positions before this are forgotten. */
  void logStart(long start) {
    this.logStart = start;
  }

  private long hashAt(long slot) {
    return chunks[(int) (slot / CHUNK_SLOTS)].getLong((int) (slot % CHUNK_SLOTS) * SLOT);
  }

  private long positionAt(long slot) {
    return chunks[(int) (slot / CHUNK_SLOTS)].getLong((int) (slot % CHUNK_SLOTS) * SLOT + 8);
  }

  private void set(long slot, long hash, long position) {
    MappedByteBuffer c = chunks[(int) (slot / CHUNK_SLOTS)];
    int at = (int) (slot % CHUNK_SLOTS) * SLOT;
    c.putLong(at + 8, position);
    c.putLong(at, hash);
  }

  /** Returns the position of the latest record of the event {@code isIt} accepts, 0 when unknown. */
  long get(long hash, LongPredicate isIt) {
    long mask = capacity - 1;
    long probes = 0;
    for (long slot = hash & mask; probes++ < capacity; slot = (slot + 1) & mask) {
      long h = hashAt(slot);
      if (h == 0) {
        return 0;
      }
      if (h == hash) {
        long p = positionAt(slot);
        if (p >= logStart && isIt.test(p)) {
          return p;
        }
      }
    }
    return 0;
  }

  /**
   * Sets the position of an event's latest record to {@code position}, whose record points back
   * to {@code previous} (0 for the event's first record). Only forward: replaying a record the
   * index already holds changes nothing. {@code isIt} is asked only when two slots share a hash.
   */
  void put(long hash, long position, long previous, LongPredicate isIt) throws IOException {
    if ((count + 1) * 10 > capacity * 7) {
      grow();
    }
    long mask = capacity - 1;
    long free = -1;
    long probes = 0;
    for (long slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (probes++ >= capacity) {
        // the count read at open was behind (a crash before the last checkpoint): grow and retry
        count = capacity;
        put(hash, position, previous, isIt);
        return;
      }
      long h = hashAt(slot);
      if (h == 0) {
        if (free >= 0) {
          set(free, hash, position);
        } else {
          set(slot, hash, position);
          count++;
        }
        return;
      }
      long p = positionAt(slot);
      if (p < logStart) {
        free = free < 0 ? slot : free;
      } else if (h == hash && previous != 0 && p == previous) {
        set(slot, hash, position);
        return;
      } else if (h == hash && p >= position) {
        // replay of a record the index already covers: this slot holds the same or a newer record
        // of an event with this 64-bit hash (taken as the same event, so replay reads nothing)
        return;
      } else if (h == hash && isIt.test(p)) {
        set(slot, hash, position);
        return;
      }
    }
  }

  /** Doubles the table (or keeps its size when retention freed enough), dropping forgotten slots. */
  private void grow() throws IOException {
    long live = 0;
    for (long s = 0; s < capacity; s++) {
      if (hashAt(s) != 0 && positionAt(s) >= logStart) {
        live++;
      }
    }
    long cap = capacity;
    while ((live + 1) * 10 > cap * 5) {
      cap *= 2;
    }
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.deleteIfExists(next);
    create(next, cap);
    long mask = cap - 1;
    try (ReopeningFile ch = ReopeningFile.open(next, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer[] to = new MappedByteBuffer[(int) ((cap + CHUNK_SLOTS - 1) / CHUNK_SLOTS)];
      for (int k = 0; k < to.length; k++) {
        long slots = Math.min(CHUNK_SLOTS, cap - (long) k * CHUNK_SLOTS);
        to[k] = ch.map(FileChannel.MapMode.READ_WRITE, HEADER + (long) k * CHUNK_SLOTS * SLOT, slots * SLOT);
      }
      for (long s = 0; s < capacity; s++) {
        long h = hashAt(s);
        long p = positionAt(s);
        if (h == 0 || p < logStart) {
          continue;
        }
        long slot = h & mask;
        while (to[(int) (slot / CHUNK_SLOTS)].getLong((int) (slot % CHUNK_SLOTS) * SLOT) != 0) {
          slot = (slot + 1) & mask;
        }
        MappedByteBuffer c = to[(int) (slot / CHUNK_SLOTS)];
        c.putLong((int) (slot % CHUNK_SLOTS) * SLOT + 8, p);
        c.putLong((int) (slot % CHUNK_SLOTS) * SLOT, h);
      }
      for (MappedByteBuffer m : to) {
        m.force();
      }
      ByteBuffer cnt = ByteBuffer.allocate(8).putLong(0, live);
      ch.write(cnt, 16);
      ch.force(true);
    }
    channel.close();
    chunks = null;
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    map(cap);
    count = live;
  }

  /** Frees the slot of the event whose latest record is at {@code position}: the event is forgotten. */
  void forget(long hash, long position) {
    long mask = capacity - 1;
    long probes = 0;
    for (long slot = hash & mask; probes++ < capacity; slot = (slot + 1) & mask) {
      long h = hashAt(slot);
      if (h == 0) {
        return;
      }
      if (h == hash && positionAt(slot) == position) {
        set(slot, hash, 1);
        return;
      }
    }
  }

  /** Empties the table (before a rebuild from the log). */
  void clear() {
    for (long s = 0; s < capacity; s++) {
      set(s, 0, 0);
    }
    count = 0;
  }

  /** Writes the table and its count to the disk. */
  void force() throws IOException {
    for (MappedByteBuffer m : chunks) {
      m.force();
    }
    channel.write(ByteBuffer.allocate(8).putLong(0, count), 16);
    channel.force(true);
  }

  @Override
  public void close() throws IOException {
    channel.close();
    chunks = null;
  }
}
