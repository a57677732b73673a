package io.edrplaybook.core.internal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The journal's dictionary of repeated short strings (organizations, action, connector, script,
 * runner and JumpBox names, playbook notes, invocation id prefixes): each is written once, to
 * {@code names.dat}, and records carry its number. Bounded: at most {@link #MAX_NAMES} names of at
 * most {@link #MAX_NAME_BYTES} bytes; past that, strings are written in full in each record.
 * A name is written (to the OS) before the first record that uses it. Thread-safe: records are
 * encoded outside the journal's lock; looking a name up takes no lock, adding one takes this one's.
 */
final class Names implements AutoCloseable {
  static final int MAX_NAMES = 65_536;
  static final int MAX_NAME_BYTES = 256;

  private final Path file;
  private final ReopeningFile channel;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();
  /** The names by number; grown by copying, published by {@link #count}. */
  private volatile String[] names = new String[64];
  private volatile int count;
  private long size;
  private String repaired;

  Names(Path file) throws IOException {
    this.file = file;
    this.channel = ReopeningFile.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    load(false);
  }

  /** Opens {@code file} for reading only (a reader beside the writer): the names written so far. */
  Names(Path file, boolean readOnly) throws IOException {
    this.file = file;
    this.channel = ReopeningFile.open(file, StandardOpenOption.READ);
    load(true);
  }

  private void load(boolean readOnly) throws IOException {
    long length = channel.size();
    ByteBuffer head = ByteBuffer.allocate(8);
    long at = 0;
    while (at + 8 <= length) {
      head.clear();
      Segments.readFully(channel, head, at);
      int n = head.getInt(0);
      int crc = head.getInt(4);
      if (n < 0 || n > MAX_NAME_BYTES || at + 8 + n > length) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(n);
      Segments.readFully(channel, body, at + 8);
      if (crc(body.array(), n) != crc) {
        break;
      }
      String s = new String(body.array(), StandardCharsets.UTF_8);
      add(s);
      at += 8 + n;
    }
    if (at < length && !readOnly) {
      repaired = file + ": a torn name at byte " + at + " (the host stopped mid-write) was cut off";
      channel.truncate(at);
    }
    size = at;
  }

  /** Returns a message when a torn tail was cut at open, else null. */
  String repaired() {
    return repaired;
  }

  static int crc(byte[] b, int n) {
    CRC32C c = new CRC32C();
    c.update(b, 0, n);
    return (int) c.getValue();
  }

  /** Returns the number of {@code s}, adding it when there is room; -1 when it is written in full. */
  int idOf(String s) throws IOException {
    Integer id = ids.get(s);
    return id != null ? id : write(s);
  }

  /** Writes {@code s} as a new name (or finds it, added meanwhile); -1 when it is written in full. */
  private synchronized int write(String s) throws IOException {
    Integer id = ids.get(s);
    if (id != null) {
      return id;
    }
    if (count >= MAX_NAMES || s.length() > MAX_NAME_BYTES) {
      return -1;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_NAME_BYTES) {
      return -1;
    }
    ByteBuffer buf = ByteBuffer.allocate(8 + b.length);
    buf.putInt(b.length).putInt(crc(b, b.length)).put(b).flip();
    while (buf.hasRemaining()) {
      channel.write(buf, size + buf.position());
    }
    size += 8 + b.length;
    return add(s);
  }

  /** Adds {@code s} as the next number (the caller holds this one's lock, or is the constructor). */
  private int add(String s) {
    int n = count;
    if (n == names.length) {
      names = Arrays.copyOf(names, n * 2);
    }
    names[n] = s;
    count = n + 1;
    ids.put(s, n);
    return n;
  }

  /** Returns name number {@code id}. */
  String name(int id) {
    int n = count;
    if (id < 0 || id >= n) {
      throw new IllegalArgumentException("unknown name number " + id);
    }
    return names[id];
  }

  void force() throws IOException {
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
