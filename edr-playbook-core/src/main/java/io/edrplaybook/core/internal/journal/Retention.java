package io.edrplaybook.core.internal.journal;

import io.edrplaybook.api.EventKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Retention of a file journal: whole segments go, oldest first, once every history entry in them
 * is older than the cutoff; a segment holding a record of a run still open stays. Events that
 * also have newer records keep their state through a state record; the others are forgotten.
 */
final class Retention {
  private Retention() {}

  /**
   * Deletes the oldest segments whose every entry is older than {@code cutoff} (sealing the one
   * being written first when it qualifies), keeping any segment that holds a record of an open
   * run; returns how many records went.
   */
  static long forgetBefore(JournalStore store, Instant cutoff) throws IOException {
    long limit = cutoff.getEpochSecond();
    long oldestOpen = Long.MAX_VALUE;
    for (JournalStore.OpenRun o : store.open.values()) {
      oldestOpen = Math.min(oldestOpen, o.position);
    }
    for (JournalStore.Scheduled u : store.undos.values()) {
      oldestOpen = Math.min(oldestOpen, u.position()); // a scheduled undo keeps its segment too
    }
    Segments.Segment last = store.segments.last();
    if (last.maxTime != Long.MIN_VALUE && last.maxTime < limit && oldestOpen >= last.base) {
      store.segments.rotate();
    }
    long removed = 0;
    while (store.segments.first() != store.segments.last()) {
      Segments.Segment s = store.segments.first();
      if (s.maxTime >= limit || oldestOpen < s.end()) {
        break;
      }
      carryForward(store, s, limit);
      removed += s.records;
      store.segments.deleteFirst();
      store.index.logStart(store.segments.start());
      store.cache.clear();
    }
    store.checkpoint();
    return removed;
  }

  /**
   * Before segment {@code s} goes: each event with records in it and newer records after it is
   * either still inside the retention (an entry at or after {@code limit}), and its state (its
   * classification, claims and ended runs) is carried forward in a state record, so that nothing
   * it ran runs again; or it is not, and it is forgotten whole (its index slot freed).
   */
  private static void carryForward(JournalStore store, Segments.Segment s, long limit) throws IOException {
    Set<EventKey> straddling = new LinkedHashSet<>();
    long end = s.end();
    try {
      store.segments.scan(s, Segments.HEADER, (p, b, n) -> {
        Rec r = store.decode(p, b, n, false);
        if (!straddling.contains(r.event())
            && store.index.get(store.hash(r.event()), q -> q >= end && store.sameEvent(q, r.event())) != 0) {
          straddling.add(r.event());
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (EventKey k : straddling) {
      EventSummary sum = store.summary(k);
      if (sum.lastEntry >= limit) {
        store.write(Rec.STATE, k, Instant.now(), null, null, sum.copy());
      } else {
        store.index.forget(store.hash(k), sum.latest);
        store.cache.remove(k);
      }
    }
  }

}
