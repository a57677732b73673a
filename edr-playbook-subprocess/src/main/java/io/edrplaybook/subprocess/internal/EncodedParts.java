package io.edrplaybook.subprocess.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The encoded JSON of the ctx parts that change per configuration, not per run ({@code action},
 * {@code connector}, {@code params}), kept per compiled script: the engine passes the same map
 * instances to every run of a target, so a run re-encodes only its event. An entry is used only
 * for the very instance it was made from and only while that instance still holds what it held
 * then (compared, in order, with a copy taken at the time): a host that passes its own maps, or
 * changes one between calls, gets a fresh encoding. Bounded ({@value #SIZE} entries, oldest
 * dropped first). Thread-safe.
 */
final class EncodedParts {
  static final int SIZE = 16;

  private record Entry(String key, Object source, Object copy, byte[] json) {
  }

  private volatile Entry[] entries = new Entry[0];

  /** The encoding of {@code value} under ctx key {@code key}, or null when not cached (or stale). */
  byte[] get(String key, Object value) {
    for (Entry e : entries) {
      if (e.source == value && e.key.equals(key)) {
        return same(e.copy, value, 0) ? e.json : null;
      }
    }
    return null;
  }

  /** Caches the encoding of {@code value} (a plain JSON value, see {@link JsonFrame#plain}). */
  synchronized void put(String key, Object value, byte[] json) {
    Entry fresh = new Entry(key, value, copy(value), json);
    Entry[] old = entries;
    List<Entry> kept = new ArrayList<>(old.length + 1);
    for (Entry e : old) {
      if (!(e.source == value && e.key.equals(key))) {
        kept.add(e);
      }
    }
    while (kept.size() >= SIZE) {
      kept.remove(0);
    }
    kept.add(fresh);
    entries = kept.toArray(Entry[]::new);
  }

  /** How many entries are kept (for tests). */
  int size() {
    return entries.length;
  }

  private static Object copy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, copy(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(copy(x)));
      return out;
    }
    return v; // strings, numbers, booleans, null: immutable
  }

  /** Whether {@code now} holds what {@code then} (a copy) held, in the same order and of the same types. */
  private static boolean same(Object then, Object now, int depth) {
    if (then == now) {
      return true;
    }
    if (depth > 256 || then == null || now == null) {
      return false;
    }
    if (then instanceof Map<?, ?> a) {
      if (!(now instanceof Map<?, ?> b) || a.size() != b.size()) {
        return false;
      }
      Iterator<? extends Map.Entry<?, ?>> ib = b.entrySet().iterator();
      for (Map.Entry<?, ?> ea : a.entrySet()) {
        if (!ib.hasNext()) {
          return false;
        }
        Map.Entry<?, ?> eb = ib.next();
        if (!Objects.equals(ea.getKey(), eb.getKey()) || !same(ea.getValue(), eb.getValue(), depth + 1)) {
          return false;
        }
      }
      return !ib.hasNext();
    }
    if (then instanceof List<?> a) {
      if (!(now instanceof List<?> b) || a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return then.getClass() == now.getClass() && then.equals(now);
  }
}
