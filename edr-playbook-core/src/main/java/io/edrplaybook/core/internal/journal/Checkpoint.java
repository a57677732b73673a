package io.edrplaybook.core.internal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code checkpoint.dat} holds: the log position up to which the index was written to disk,
 * each segment's newest entry time and record count, and the positions of the records of the runs
 * open at that point. Opening replays the log only from {@code covered}. Written to a temporary
 * file, forced, then renamed over the old one.
 *
 * @param covered the log position the index covers
 * @param segments per segment: base, newest entry time (epoch seconds), records
 * @param openRuns the positions of the latest record of each open run
 */
record Checkpoint(long covered, List<long[]> segments, long[] openRuns) {
  private static final byte[] MAGIC = {'E', 'D', 'R', 'J', 'C', 'K', 'P', '1'};

  static Checkpoint read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    byte[] b = Files.readAllBytes(file);
    if (b.length < 8 + 8 + 4 + 4 + 4 || !Arrays.equals(Arrays.copyOf(b, 8), MAGIC)) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(b);
    int crc = in.getInt(b.length - 4);
    if (Segments.crc(b, 0, b.length - 4) != crc) {
      return null;
    }
    in.position(8);
    long covered = in.getLong();
    int n = in.getInt();
    List<long[]> segs = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      segs.add(new long[] {in.getLong(), in.getLong(), in.getLong()});
    }
    int m = in.getInt();
    long[] open = new long[m];
    for (int k = 0; k < m; k++) {
      open[k] = in.getLong();
    }
    return new Checkpoint(covered, segs, open);
  }

  void write(Path file) throws IOException {
    ByteBuffer out = ByteBuffer.allocate(8 + 8 + 4 + segments.size() * 24 + 4 + openRuns.length * 8 + 4);
    out.put(MAGIC).putLong(covered).putInt(segments.size());
    for (long[] s : segments) {
      out.putLong(s[0]).putLong(s[1]).putLong(s[2]);
    }
    out.putInt(openRuns.length);
    for (long p : openRuns) {
      out.putLong(p);
    }
    out.putInt(Segments.crc(out.array(), 0, out.position()));
    out.flip();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (ReopeningFile ch = ReopeningFile.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (out.hasRemaining()) {
        ch.write(out, out.position());
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
