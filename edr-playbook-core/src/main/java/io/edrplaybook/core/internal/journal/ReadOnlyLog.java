package io.edrplaybook.core.internal.journal;

import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file journal read beside its writer: the log as it was when opened, read without the
 * directory's lock, the index or the checkpoint, and never written (no repair: a record the
 * writer is writing, or one torn by a stop, ends the reading of its segment). Each question reads
 * the whole log: for tools such as a command line's {@code history}, not for a host. Thread-safe.
 */
public final class ReadOnlyLog implements AutoCloseable {
  private final Segments segments;
  private final Names names;
  private final RecordCodec codec;
  /** Each segment's size when opened: the reading stops there, so every name a record uses is known. */
  private final Map<Long, Long> sizes = new TreeMap<>();

  private ReadOnlyLog(Segments segments, Names names) {
    this.segments = segments;
    this.names = names;
    this.codec = new RecordCodec(names);
    segments.all().forEach(s -> sizes.put(s.base, s.size));
  }

  /** Opens the log of the journal in {@code dir} for reading. */
  public static ReadOnlyLog open(Path dir) throws IOException {
    // the segments first: a name is written before the first record using it, so names read
    // after the segments' sizes cover every record up to them
    Segments s = new Segments(dir, Long.MAX_VALUE, true);
    try {
      Path n = dir.resolve("names.dat");
      return new ReadOnlyLog(s, Files.exists(n) ? new Names(n, true) : null);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Returns what cannot be read at the end of the log (a record torn by a stop, or one its writer
   * is writing now): reading stops before it. Reads the last segment.
   */
  public synchronized List<String> damaged() throws IOException {
    List<String> out = new ArrayList<>();
    if (names == null || !segments.all().iterator().hasNext()) {
      return out;
    }
    Segments.Segment last = segments.last();
    long size = size(last);
    if (size <= Segments.HEADER) {
      return out;
    }
    long good = segments.scan(last, Segments.HEADER, size, (p, b, n) -> { });
    if (good < size && !Segments.zeros(last, good, size)) {
      out.add(last.path + ": the record at byte " + good + " cannot be read (torn by a stop in the middle of a"
          + " write, or being written by the journal's writer); what follows it is not shown");
    }
    return out;
  }

  /** One event's history in recording order. */
  public synchronized List<HistoryEntry> history(EventKey event) throws IOException {
    List<HistoryEntry> out = new ArrayList<>();
    for (Rec r : records(event, true)) {
      if (r.entry() != null) {
        out.add(r.entry());
      }
    }
    return out;
  }

  /** The runs awaiting approval, in request order: every request the log holds without its decision. */
  public synchronized List<io.edrplaybook.api.AwaitingApproval> pending() throws IOException {
    java.util.LinkedHashMap<String, io.edrplaybook.api.AwaitingApproval> open = new java.util.LinkedHashMap<>();
    scanAll((p, b, n) -> {
      Rec r = decode(p, b, n, false);
      if (r.type() == Rec.AWAIT) {
        open.put(r.invocation().id(), (io.edrplaybook.api.AwaitingApproval) r.entry());
      } else if (r.type() == Rec.DECIDE) {
        open.remove(r.invocation().id());
      }
    });
    return List.copyOf(open.values());
  }

  /** What the log holds of one event, folded oldest first. */
  public synchronized EventSummary summary(EventKey event) throws IOException {
    EventSummary s = new EventSummary(event);
    for (Rec r : records(event, false)) {
      s.apply(r);
    }
    return s;
  }

  private List<Rec> records(EventKey event, boolean full) throws IOException {
    List<Rec> out = new ArrayList<>();
    scanAll((p, b, n) -> {
      Rec r = decode(p, b, n, false);
      if (r.event().equals(event)) {
        out.add(full ? decode(p, b, n, true) : r);
      }
    });
    return out;
  }

  /** Visits every record of the log's segments as they were when it was opened, oldest first. */
  private void scanAll(Segments.Visitor visitor) throws IOException {
    if (names == null) {
      return;
    }
    for (Segments.Segment seg : Recovery.segmentsList(segments)) {
      long size = size(seg);
      if (size > Segments.HEADER) {
        segments.scan(seg, Segments.HEADER, size, visitor);
      }
    }
  }

  /**
   * How far to read {@code seg}: its size when opened, or less when its writer has since cut the
   * zeros it wrote ahead of its records (at its close, or when it sealed the segment).
   */
  private long size(Segments.Segment seg) throws IOException {
    return Math.min(sizes.get(seg.base), seg.channel.size());
  }

  private Rec decode(long position, byte[] body, int length, boolean full) throws IOException {
    try {
      return codec.decode(position, body, 0, length, full);
    } catch (RuntimeException e) {
      throw new IOException("the record at log position " + position + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      segments.close();
    } finally {
      if (names != null) {
        names.close();
      }
    }
  }
}
