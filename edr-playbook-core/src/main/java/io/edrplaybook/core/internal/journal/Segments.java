package io.edrplaybook.core.internal.journal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The log: segment files {@code <position>.seg} named by the log position of their first byte,
 * each an 8-byte header then frames {@code [length u32][CRC-32C u32][body]}. A record's position is
 * global across segments, so a back-pointer survives rotation. Only the last segment is written;
 * a segment is sealed when the next frame would pass the segment size. Not thread-safe: the
 * journal's lock guards it.
 */
final class Segments implements AutoCloseable {
  static final byte[] MAGIC = {'E', 'D', 'R', 'J', 'S', 'E', 'G', '1'};
  static final int HEADER = 8;
  /** The largest record body: the journal bounds every record below this before writing it. */
  static final int MAX_BODY = 1 << 20;
  /** How far ahead of the records the file is filled with zeros and mapped. */
  static final int WINDOW = 1 << 20;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 * 1024).asReadOnlyBuffer();

  /** One segment file. */
  static final class Segment {
    final long base;
    final Path path;
    final ReopeningFile channel;
    long size;
    long maxTime = Long.MIN_VALUE;
    long records;
    /** The bytes the file holds: {@link #size} plus the zeros written ahead of the next records. */
    long fileSize;
    /** The mapped part of the file records are copied into, from {@link #windowStart}; null when none. */
    MappedByteBuffer window;
    long windowStart;

    Segment(long base, Path path, ReopeningFile channel, long size) {
      this.base = base;
      this.path = path;
      this.channel = channel;
      this.size = size;
      this.fileSize = size;
    }

    long end() {
      return base + size;
    }
  }

  /** Sees one frame's body during a scan. */
  interface Visitor {
    void record(long position, byte[] body, int length) throws IOException;
  }

  private final Path dir;
  private final long segmentSize;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();

  Segments(Path dir, long segmentSize) throws IOException {
    this(dir, segmentSize, false);
  }

  /**
   * Opens the segments of {@code dir}; {@code readOnly}: opened for reading only, none created or
   * repaired (a reader beside the writer), and there may be none.
   */
  Segments(Path dir, long segmentSize, boolean readOnly) throws IOException {
    this.dir = dir;
    this.segmentSize = segmentSize;
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
      ds.forEach(files::add);
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      long base;
      try {
        base = Long.parseLong(name.substring(0, name.length() - 4));
      } catch (NumberFormatException e) {
        throw new IOException(f + " is not a segment of this journal (a segment is named by a number, like "
            + name(0) + ")");
      }
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(f + " is not a regular file");
      }
      ReopeningFile ch = readOnly ? ReopeningFile.open(f, StandardOpenOption.READ)
          : ReopeningFile.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
      segments.put(base, new Segment(base, f, ch, ch.size()));
    }
    if (readOnly) {
      return;
    }
    if (segments.isEmpty()) {
      create(0);
    }
    for (Segment s : segments.values()) {
      checkHeader(s);
    }
  }

  static String name(long base) {
    return String.format("%020d.seg", base);
  }

  private Segment create(long base) throws IOException {
    Path f = dir.resolve(name(base));
    ReopeningFile ch = ReopeningFile.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    ByteBuffer h = ByteBuffer.wrap(MAGIC);
    while (h.hasRemaining()) {
      ch.write(h, h.position());
    }
    Segment s = new Segment(base, f, ch, HEADER);
    segments.put(base, s);
    return s;
  }

  private void checkHeader(Segment s) throws IOException {
    if (s.size < HEADER && s == last()) {
      // created but its header never reached the disk: start it again
      s.channel.truncate(0);
      ByteBuffer h = ByteBuffer.wrap(MAGIC);
      while (h.hasRemaining()) {
        s.channel.write(h, h.position());
      }
      s.size = HEADER;
      s.fileSize = HEADER;
      return;
    }
    ByteBuffer h = ByteBuffer.allocate(HEADER);
    readFully(s.channel, h, 0);
    if (!java.util.Arrays.equals(h.array(), MAGIC)) {
      throw new IOException(s.path + " is not a segment of a file journal (wrong header)");
    }
  }

  Segment last() {
    return segments.lastEntry().getValue();
  }

  Segment first() {
    return segments.firstEntry().getValue();
  }

  /** The position of the oldest byte kept. */
  long start() {
    return first().base + HEADER;
  }

  /** The position after the last record. */
  long end() {
    return last().end();
  }

  Iterable<Segment> all() {
    return segments.values();
  }

  Segment segmentOf(long position) {
    Map.Entry<Long, Segment> e = segments.floorEntry(position);
    return e == null ? null : e.getValue();
  }

  /** Whether a frame of {@code length} bytes goes to a new segment. */
  boolean wouldRotate(int length) {
    Segment s = last();
    return s.size > HEADER && s.size + length > segmentSize;
  }

  /**
   * Appends one frame and returns its position; seals the last segment first when {@code rotate}
   * (see {@link #wouldRotate}). The frame is copied into a shared memory mapping of the segment:
   * once copied it belongs to the operating system's page cache, so it survives the death of the
   * process, without a system call per record. The file is filled with zeros (and mapped) a window
   * ahead of the records, so that a full disk fails here, before anything is copied, and not at the
   * copy; an open cuts those zeros off. On failure nothing of the frame is written.
   */
  long append(byte[] frame, int length, long time, boolean rotate) throws IOException {
    Segment s = last();
    if (rotate) {
      seal(s);
      s = create(s.end());
    }
    long at = s.size;
    mapFor(s, at, length);
    try {
      s.window.put((int) (at - s.windowStart), frame, 0, length);
    } catch (InternalError e) {
      // a fault of the mapping (a file system that could not back the page): as a failed write
      throw new IOException(s.path + ": writing at byte " + at + " failed: " + e.getMessage(), e);
    }
    s.size += length;
    s.records++;
    s.maxTime = Math.max(s.maxTime, time);
    return s.base + at;
  }

  /** Makes the window of {@code s} cover bytes {@code at..at+length}, filling the file with zeros up to its end. */
  private void mapFor(Segment s, long at, int length) throws IOException {
    if (s.window != null && at >= s.windowStart && at + length <= s.windowStart + s.window.capacity()) {
      return;
    }
    long end = at + Math.max(length, Math.min(WINDOW, segmentSize - at));
    s.window = null;
    long from = s.fileSize;
    try {
      while (from < end) {
        ByteBuffer z = ZEROS.duplicate();
        z.limit((int) Math.min(z.capacity(), end - from));
        from += s.channel.write(z, from);
      }
    } finally {
      s.fileSize = Math.max(s.fileSize, from);
    }
    s.window = s.channel.map(FileChannel.MapMode.READ_WRITE, at, end - at);
    s.windowStart = at;
  }

  /** Seals {@code s}: cuts the zeros ahead of its records and forces it to the device. */
  private void seal(Segment s) throws IOException {
    s.window = null;
    cutAhead(s);
    s.channel.force(false);
  }

  /** Cuts the zeros written ahead of the records of {@code s}. */
  private static void cutAhead(Segment s) throws IOException {
    if (s.fileSize > s.size) {
      s.channel.truncate(s.size);
      s.fileSize = s.size;
    }
  }

  /** Seals the last segment when it holds anything: later records go to a new one. */
  void rotate() throws IOException {
    Segment s = last();
    if (s.size > HEADER) {
      seal(s);
      create(s.end());
    }
  }

  /**
   * Reads the body of the frame at {@code position} into {@code into} (grown when needed) and
   * returns its length.
   *
   * @throws IOException when there is no good frame there
   */
  int read(long position, byte[][] into) throws IOException {
    Segment s = segmentOf(position);
    if (s == null || position < s.base + HEADER || position + 8 > s.end()) {
      throw new IOException("no record at log position " + position + " (the log holds " + start() + ".." + end()
          + ")");
    }
    byte[] buf = into[0];
    ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, s.end() - position));
    readFully(s.channel, bb, position - s.base);
    int n = ((buf[0] & 0xFF) << 24) | ((buf[1] & 0xFF) << 16) | ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF);
    int crc = ((buf[4] & 0xFF) << 24) | ((buf[5] & 0xFF) << 16) | ((buf[6] & 0xFF) << 8) | (buf[7] & 0xFF);
    if (n <= 0 || n > MAX_BODY || position + 8 + n > s.end()) {
      throw new IOException(s.path + ": no record at byte " + (position - s.base) + " (length " + n + ")");
    }
    if (n + 8 > buf.length) {
      byte[] bigger = new byte[n + 8];
      System.arraycopy(buf, 0, bigger, 0, buf.length);
      ByteBuffer rest = ByteBuffer.wrap(bigger, buf.length, n + 8 - buf.length);
      readFully(s.channel, rest, position - s.base + buf.length);
      into[0] = bigger;
      buf = bigger;
    }
    if (crc(buf, 8, n) != crc) {
      throw new IOException(s.path + ": the record at byte " + (position - s.base) + " fails its checksum");
    }
    return n;
  }

  static int crc(byte[] b, int from, int n) {
    CRC32C c = new CRC32C();
    c.update(b, from, n);
    return (int) c.getValue();
  }

  /**
   * Visits the good frames of {@code s} from byte {@code from}; returns the byte after the last
   * good one (the segment's size when all are good).
   */
  long scan(Segment s, long from, Visitor v) throws IOException {
    return scan(s, from, s.channel.size(), v);
  }

  /** As {@link #scan(Segment, long, Visitor)}, reading no further than byte {@code size}. */
  long scan(Segment s, long from, long size, Visitor v) throws IOException {
    byte[] buf = new byte[2 * MAX_BODY + 16];
    long fileAt = from;
    int have = 0;
    int at = 0;
    long good = from;
    while (true) {
      if (have - at < 8 || have - at < 8 + frameLength(buf, at)) {
        System.arraycopy(buf, at, buf, 0, have - at);
        have -= at;
        at = 0;
        int want = (int) Math.min(buf.length - have, size - fileAt);
        if (want <= 0) {
          return good;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, have, want);
        readFully(s.channel, bb, fileAt);
        fileAt += want;
        have += want;
        continue;
      }
      int n = frameLength(buf, at);
      if (n <= 0 || n > MAX_BODY) {
        return good;
      }
      int crc = ((buf[at + 4] & 0xFF) << 24) | ((buf[at + 5] & 0xFF) << 16) | ((buf[at + 6] & 0xFF) << 8)
          | (buf[at + 7] & 0xFF);
      if (crc(buf, at + 8, n) != crc) {
        return good;
      }
      byte[] body = new byte[n];
      System.arraycopy(buf, at + 8, body, 0, n);
      v.record(s.base + good, body, n);
      at += 8 + n;
      good += 8 + n;
    }
  }

  private static int frameLength(byte[] b, int at) {
    if (at + 4 > b.length) {
      return Integer.MAX_VALUE;
    }
    int n = ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    return n <= 0 || n > MAX_BODY ? 0 : n;
  }

  /** Cuts {@code s} at byte {@code at} (a torn tail). */
  void truncate(Segment s, long at) throws IOException {
    s.window = null;
    s.channel.truncate(at);
    s.size = at;
    s.fileSize = at;
  }

  /** Whether bytes {@code from..to} of {@code s} are all zeros (written ahead of records, never used). */
  static boolean zeros(Segment s, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(64 * 1024);
    for (long at = from; at < to; ) {
      b.clear().limit((int) Math.min(b.capacity(), to - at));
      readFully(s.channel, b, at);
      for (int k = 0; k < b.limit(); k++) {
        if (b.get(k) != 0) {
          return false;
        }
      }
      at += b.limit();
    }
    return true;
  }

  /** Deletes the oldest segment; never the last. */
  void deleteFirst() throws IOException {
    Segment s = first();
    if (s == last()) {
      throw new IllegalStateException("the segment being written is never deleted");
    }
    s.channel.close();
    Files.deleteIfExists(s.path);
    segments.remove(s.base);
  }

  /** Forces the directory, so that a segment created since survives a power loss. */
  void forceDirectory() throws IOException {
    try (ReopeningFile d = ReopeningFile.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems refuse to open or force a directory; the segment's own data is forced
      if (!(e instanceof java.nio.file.AccessDeniedException)) {
        throw e;
      }
    }
  }

  void force() throws IOException {
    force(last());
  }

  /** Forces what was copied into {@code s} (its mapping, then the file) to the device. */
  static void force(Segment s) throws IOException {
    MappedByteBuffer w = s.window;
    if (w != null) {
      w.force();
    }
    s.channel.force(false);
  }

  /** Fills {@code b} (from its position to its limit) with the file's bytes from {@code at}. */
  static void readFully(ReopeningFile ch, ByteBuffer b, long at) throws IOException {
    int start = b.position();
    while (b.hasRemaining()) {
      int n = ch.read(b, at + b.position() - start);
      if (n < 0) {
        throw new EOFException("unexpected end of file");
      }
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Segment s : segments.values()) {
      try {
        s.window = null;
        cutAhead(s);
      } catch (IOException e) {
        first = e;
      }
      try {
        s.channel.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
