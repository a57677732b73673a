package io.edrplaybook.jython.internal;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.python.core.PyDictionary;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyUnicode;

/**
 * What a dict of a run's {@code ctx} holds: the converted entries in arrays, read in place until
 * the dict is first changed or walked; then, and for good, a {@link ConcurrentHashMap} of its own,
 * as any Jython dict has. A script that only reads a few fields (most do) thus costs no hash map at
 * all, and a nested dict ({@code ctx["connector"]}) becomes a Python dict only when it is read.
 *
 * <p>Each run gets dicts of its own (made from its ctx at the call's start), so nothing a script
 * changes is seen by another run. Lookups answer as the dict's {@code ConcurrentHashMap} would:
 * same hash, then the same {@code equals} — except that an ASCII {@code str} key (a literal in the
 * script: {@code ctx["event"]}) is compared with a {@code unicode} key by its characters, which is
 * what Jython's comparison concludes after decoding the {@code str}.
 */
final class CopyOnWriteDictMap extends AbstractMap<PyObject, PyObject> implements ConcurrentMap<PyObject, PyObject> {
  private final PyObject[] keys;
  private final int[] hashes;
  /** A Python value, or a nested {@code CopyOnWriteDictMap} not yet wrapped in its dict. Guarded by this (writes). */
  private final Object[] items;
  /** The entries once the dict was changed or walked; null until then. */
  private volatile ConcurrentHashMap<PyObject, PyObject> live;

  /**
   * Takes the arrays, which nobody else may change afterwards: {@code values[i]} is a Python
   * value or a {@code CopyOnWriteDictMap} for a nested dict.
   */
  CopyOnWriteDictMap(PyObject[] keys, Object[] values) {
    this.keys = keys;
    this.items = values;
    this.hashes = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      hashes[i] = keys[i].hashCode();
    }
  }

  /** A Python dict over this map. */
  PyDictionary toDict() {
    return new PyDictionary(PyDictionary.TYPE, this, true);
  }

  @Override
  public PyObject get(Object key) {
    ConcurrentHashMap<PyObject, PyObject> l = live;
    if (l != null) {
      return l.get(key);
    }
    int i = indexOf(key);
    return i < 0 ? null : valueAt(i);
  }

  @Override
  public boolean containsKey(Object key) {
    ConcurrentHashMap<PyObject, PyObject> l = live;
    return l != null ? l.containsKey(key) : indexOf(key) >= 0;
  }

  @Override
  public int size() {
    ConcurrentHashMap<PyObject, PyObject> l = live;
    return l != null ? l.size() : keys.length;
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  private int indexOf(Object key) {
    if (!(key instanceof PyObject k)) {
      return -1;
    }
    int h = k.hashCode();
    for (int i = 0; i < keys.length; i++) {
      if (hashes[i] == h && (keys[i] == k || same(k, keys[i]))) {
        return i;
      }
    }
    return -1;
  }

  /** {@code key.equals(stored)}, without decoding an ASCII {@code str} to compare it with a {@code unicode}. */
  private static boolean same(PyObject key, PyObject stored) {
    if (key.getClass() == PyString.class && stored.getClass() == PyUnicode.class) {
      String k = ((PyString) key).getString();
      if (isAscii(k)) {
        return k.equals(((PyUnicode) stored).getString());
      }
    }
    return key.equals(stored);
  }

  private static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** The value at {@code i}, a nested dict made on its first read and the same one afterwards. */
  private PyObject valueAt(int i) {
    Object v = items[i];
    if (v instanceof PyObject p) {
      return p;
    }
    synchronized (this) {
      v = items[i];
      if (v instanceof CopyOnWriteDictMap nested) {
        PyDictionary d = nested.toDict();
        items[i] = d;
        return d;
      }
      return (PyObject) v;
    }
  }

  /** The entries as a hash map of this dict's own, made once; every change and walk goes there. */
  private ConcurrentHashMap<PyObject, PyObject> live() {
    ConcurrentHashMap<PyObject, PyObject> l = live;
    if (l != null) {
      return l;
    }
    synchronized (this) {
      if (live == null) {
        ConcurrentHashMap<PyObject, PyObject> made =
            new ConcurrentHashMap<>(Math.max(16, (int) (keys.length / 0.75f) + 1));
        for (int i = 0; i < keys.length; i++) {
          made.put(keys[i], valueAt(i));
        }
        live = made;
      }
      return live;
    }
  }

  @Override
  public PyObject put(PyObject key, PyObject value) {
    return live().put(key, value);
  }

  @Override
  public PyObject putIfAbsent(PyObject key, PyObject value) {
    return live().putIfAbsent(key, value);
  }

  @Override
  public void putAll(Map<? extends PyObject, ? extends PyObject> m) {
    live().putAll(m);
  }

  @Override
  public PyObject remove(Object key) {
    return live().remove(key);
  }

  @Override
  public boolean remove(Object key, Object value) {
    return live().remove(key, value);
  }

  @Override
  public boolean replace(PyObject key, PyObject oldValue, PyObject newValue) {
    return live().replace(key, oldValue, newValue);
  }

  @Override
  public PyObject replace(PyObject key, PyObject value) {
    return live().replace(key, value);
  }

  @Override
  public void replaceAll(BiFunction<? super PyObject, ? super PyObject, ? extends PyObject> function) {
    live().replaceAll(function);
  }

  @Override
  public PyObject computeIfAbsent(PyObject key, Function<? super PyObject, ? extends PyObject> function) {
    return live().computeIfAbsent(key, function);
  }

  @Override
  public PyObject computeIfPresent(PyObject key,
      BiFunction<? super PyObject, ? super PyObject, ? extends PyObject> function) {
    return live().computeIfPresent(key, function);
  }

  @Override
  public PyObject compute(PyObject key, BiFunction<? super PyObject, ? super PyObject, ? extends PyObject> function) {
    return live().compute(key, function);
  }

  @Override
  public PyObject merge(PyObject key, PyObject value,
      BiFunction<? super PyObject, ? super PyObject, ? extends PyObject> function) {
    return live().merge(key, value, function);
  }

  @Override
  public void clear() {
    live().clear();
  }

  @Override
  public Set<Map.Entry<PyObject, PyObject>> entrySet() {
    return live().entrySet();
  }

  @Override
  public Set<PyObject> keySet() {
    return live().keySet();
  }

  @Override
  public Collection<PyObject> values() {
    return live().values();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || live().equals(o);
  }

  @Override
  public int hashCode() {
    return live().hashCode();
  }

  @Override
  public String toString() {
    return live().toString();
  }
}
