package io.edrplaybook.core.internal.journal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What opening a file journal does after the files are open: reads the checkpoint (the log
 * position the index covers, each segment's figures, the open runs), replays only the log written
 * after it into the index and the open runs, and cuts a torn record off the end of the last
 * segment (a record whose length or checksum does not hold). Damage anywhere else is refused.
 */
final class Recovery {
  private Recovery() {}

  /** Reads the checkpoint, replays the log after it and cuts a torn tail. */
  static void run(JournalStore store) throws IOException {
    store.index.logStart(store.segments.start());
    Checkpoint cp = Checkpoint.read(store.dir.resolve("checkpoint.dat"));
    long from = store.segments.start();
    if (cp != null && !store.index.fresh() && cp.covered() <= store.segments.end()) {
      from = Math.max(from, cp.covered());
      Map<Long, long[]> times = new HashMap<>();
      cp.segments().forEach(t -> times.put(t[0], t));
      for (Segments.Segment seg : store.segments.all()) {
        long[] t = times.get(seg.base);
        if (t != null) {
          seg.maxTime = t[1];
          seg.records = t[2];
        } else if (seg.end() <= from) {
          store.segments.scan(seg, Segments.HEADER, (p, b, n) -> count(seg, store.decode(p, b, n, false)));
        }
      }
      for (long p : cp.openRuns()) {
        if (p >= store.segments.start() && p < from) {
          store.track(store.read(p, false));
        }
      }
    } else if (!store.index.fresh()) {
      if (cp != null) {
        store.damaged.add(store.dir + ": the log ends before its checkpoint; the index was rebuilt from the log");
      }
      store.index.clear();
    }
    boolean replayed = false;
    for (Segments.Segment seg : segmentsList(store.segments)) {
      if (seg.end() <= from) {
        continue;
      }
      long start = Math.max(Segments.HEADER, from - seg.base);
      long good = store.segments.scan(seg, start, (p, b, n) -> {
        Rec r = store.decode(p, b, n, false);
        store.index.put(store.hash(r.event()), p, r.previous(), q -> store.sameEvent(q, r.event()));
        count(seg, r);
        store.track(r);
      });
      replayed |= good > start;
      long size = seg.channel.size();
      if (good < size && Segments.zeros(seg, good, size)) {
        // zeros written ahead of the records (a stop before the close cut them): nothing lost
        store.segments.truncate(seg, good);
      } else if (good < size) {
        if (seg != store.segments.last()) {
          throw new IOException(seg.path + " is damaged at byte " + good + " and is not the last segment, so this is"
              + " not a torn write: move the segments from this one on out of " + store.dir + " to open the journal");
        }
        store.damaged.add(seg.path + ": a torn record at byte " + good + " (the host stopped mid-write) was cut off ("
            + (size - good) + " bytes); every complete record is kept");
        store.segments.truncate(seg, good);
        replayed = true;
      } else {
        seg.size = size;
      }
    }
    if (replayed || cp == null || store.index.fresh()) {
      store.checkpoint();
    }
  }

  static Iterable<Segments.Segment> segmentsList(Segments segments) {
    List<Segments.Segment> l = new ArrayList<>();
    segments.all().forEach(l::add);
    return l;
  }

  /** Counts a record in its segment's figures; only history entries (not claims) date a segment. */
  static void count(Segments.Segment seg, Rec r) {
    seg.records++;
    if (r.entry() != null) {
      seg.maxTime = Math.max(seg.maxTime, r.time().getEpochSecond());
    }
  }

}
