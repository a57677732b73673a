package io.edrplaybook.jython.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.python.core.Py;
import org.python.core.PyBoolean;
import org.python.core.PyDictionary;
import org.python.core.PyFloat;
import org.python.core.PyInteger;
import org.python.core.PyList;
import org.python.core.PyLong;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyStringMap;
import org.python.core.PyTuple;
import org.python.core.PyUnicode;

/**
 * Converts {@code ctx} to Python values (dicts, lists, unicode, int, long, float, bool, None;
 * never Java objects) and a script's result back to JSON-like Java values (Map, List, String,
 * Long, BigInteger, Double, Boolean, null), refusing anything {@code json.dumps} would refuse.
 */
final class PyValues {
  private static final int MAX_DEPTH = 200;
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private PyValues() {}

  /** A result that is not JSON; the message says what and where. */
  static final class NotJsonException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String pythonType;

    NotJsonException(String pythonType, String message) {
      super(message, null, false, false);
      this.pythonType = pythonType;
    }

    /** Returns the Python exception type this corresponds to: TypeError or ValueError. */
    String pythonType() {
      return pythonType;
    }
  }

  /**
   * Converts {@code ctx} to Python values. Keeps the {@code unicode} objects of the strings it
   * converted, by identity, for the next calls: the engine passes the very same String objects for
   * names, hosts and parameters run after run, and a {@code unicode} is immutable, so sharing it
   * is safe. Bounded (cleared when full); used by one thread at a time (its slot's holder).
   */
  static final class ToPython {
    private static final int CACHE_LIMIT = 512;
    private static final int MAX_CACHED_LENGTH = 256;
    private static final PyObject TEST_KEY = new PyUnicode("test", true);

    private final IdentityHashMap<String, PyUnicode> strings = new IdentityHashMap<>(CACHE_LIMIT);

    /**
     * Returns {@code ctx} as a Python dict of this call's own (see {@link CopyOnWriteDictMap}), with
     * {@code "test": True} added when {@code test}.
     */
    PyDictionary convert(Map<String, Object> ctx, boolean test) {
      try {
        return toMap(ctx, 0, test ? TEST_KEY : null).toDict();
      } catch (BadValue e) {
        throw new IllegalArgumentException("ctx" + e.path() + ": " + e.getMessage());
      }
    }

    /** {@code m} as a dict's entries; {@code trueKey}, when not null, is set to True (the test flag). */
    private CopyOnWriteDictMap toMap(Map<?, ?> m, int depth, PyObject trueKey) throws BadValue {
      if (depth > MAX_DEPTH) {
        throw new BadValue(null, "nested deeper than " + MAX_DEPTH + " levels", "");
      }
      int n = m.size() + (trueKey == null || m.containsKey("test") ? 0 : 1);
      PyObject[] keys = new PyObject[n];
      Object[] values = new Object[n];
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new BadValue(null, "keys must be strings, was " + e.getKey(), "");
        }
        if (i == n) { // the map grew while it was read
          throw new BadValue(null, "changed while it was converted", "");
        }
        keys[i] = unicode(key);
        try {
          Object v = e.getValue();
          values[i] = trueKey != null && key.equals("test") ? Py.True
              : v instanceof Map<?, ?> nested ? toMap(nested, depth + 1, null) : toPython(v, depth + 1);
        } catch (BadValue bad) {
          throw bad.under("." + key);
        }
        i++;
      }
      if (trueKey != null && i == n - 1) {
        keys[i] = trueKey;
        values[i++] = Py.True;
      }
      if (i != n) {
        throw new BadValue(null, "changed while it was converted", "");
      }
      return new CopyOnWriteDictMap(keys, values);
    }

    private PyUnicode unicode(String s) {
      PyUnicode u = strings.get(s);
      if (u == null) {
        u = newUnicode(s);
        if (s.length() <= MAX_CACHED_LENGTH) {
          if (strings.size() >= CACHE_LIMIT) {
            strings.clear();
          }
          strings.put(s, u);
        }
      }
      return u;
    }

    private PyObject toPython(Object v, int depth) throws BadValue {
      if (depth > MAX_DEPTH) {
        throw new BadValue(null, "nested deeper than " + MAX_DEPTH + " levels", "");
      }
      if (v == null) {
        return Py.None;
      }
      if (v instanceof String s) {
        return unicode(s);
      }
      if (v instanceof Boolean b) {
        return Py.newBoolean(b);
      }
      if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
        return Py.newInteger(((Number) v).intValue());
      }
      if (v instanceof Long l) {
        return l == l.intValue() ? Py.newInteger(l.intValue()) : Py.newLong(l);
      }
      if (v instanceof BigInteger b) {
        return b.bitLength() < 32 ? Py.newInteger(b.intValue()) : Py.newLong(b);
      }
      if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
        return Py.newFloat(((Number) v).doubleValue());
      }
      if (v instanceof Map<?, ?> m) {
        return toMap(m, depth, null).toDict();
      }
      if (v instanceof List<?> l) {
        PyObject[] items = new PyObject[l.size()];
        for (int i = 0; i < items.length; i++) {
          try {
            items[i] = toPython(l.get(i), depth + 1);
          } catch (BadValue bad) {
            throw bad.under("[" + i + "]");
          }
        }
        return new PyList(items);
      }
      throw new BadValue(null, "must be a JSON value (map, list, string, number, boolean or null),"
          + " was a " + v.getClass().getName(), "");
    }
  }

  /** Returns {@code s} as unicode, telling Jython when it need not look for surrogate pairs. */
  static PyUnicode newUnicode(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return new PyUnicode(s);
      }
    }
    return new PyUnicode(s, true);
  }

  /**
   * A value that cannot be converted: the message goes before the path to it and {@code after}
   * after it. The path is collected on the way out, so converting good values builds no path
   * strings.
   */
  private static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;
    private final String pythonType;
    private final String after;
    private final ArrayDeque<String> path = new ArrayDeque<>();

    BadValue(String pythonType, String message, String after) {
      super(message, null, false, false);
      this.pythonType = pythonType;
      this.after = after;
    }

    BadValue under(String segment) {
      path.addFirst(segment);
      return this;
    }

    String path() {
      return String.join("", path);
    }
  }

  /** Returns a script's return value as a map, or null for None. */
  static Map<String, Object> resultToJava(PyObject ret) throws NotJsonException {
    if (ret == null || ret == Py.None) {
      return null;
    }
    if (!(ret instanceof PyDictionary) && !(ret instanceof PyStringMap)) {
      throw new NotJsonException("TypeError",
          "run() must return a dict or None, returned a " + typeName(ret));
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) toJava(ret, 0);
      return map;
    } catch (BadValue e) {
      throw new NotJsonException(e.pythonType, e.getMessage() + "result" + e.path() + e.after);
    }
  }

  private static Object toJava(PyObject v, int depth) throws BadValue {
    if (depth > MAX_DEPTH) {
      throw new BadValue("ValueError", "the result is nested deeper than " + MAX_DEPTH
          + " levels at ", " (a circular reference?), so it is not JSON");
    }
    if (v == Py.None) {
      return null;
    }
    if (v instanceof PyBoolean b) {
      return b.getBooleanValue();
    }
    if (v instanceof PyInteger i) {
      return (long) i.getValue();
    }
    if (v instanceof PyLong l) {
      BigInteger b = l.getValue();
      return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
    }
    if (v instanceof PyFloat f) {
      double d = f.getValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new BadValue("ValueError", "the result holds " + d + " at ",
            ", which is not JSON (NaN and Infinity are not allowed)");
      }
      return d;
    }
    if (v instanceof PyString) {
      return PyErrors.text(v);
    }
    if (v.getType() == PyDictionary.TYPE) { // a plain dict: walk its entries, no lookups
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<PyObject, PyObject> e : ((PyDictionary) v).getMap().entrySet()) {
        String k = key(e.getKey());
        try {
          out.put(k, toJava(e.getValue(), depth + 1));
        } catch (BadValue bad) {
          throw bad.under("[\"" + k + "\"]");
        }
      }
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof PyDictionary || v instanceof PyStringMap) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (PyObject key : v.asIterable()) {
        String k = key(key);
        try {
          out.put(k, toJava(v.__getitem__(key), depth + 1));
        } catch (BadValue bad) {
          throw bad.under("[\"" + k + "\"]");
        }
      }
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof PyList || v instanceof PyTuple) {
      List<Object> out = new ArrayList<>();
      int i = 0;
      for (PyObject item : v.asIterable()) {
        try {
          out.add(toJava(item, depth + 1));
        } catch (BadValue bad) {
          throw bad.under("[" + i + "]");
        }
        i++;
      }
      return Collections.unmodifiableList(out);
    }
    throw new BadValue("TypeError", "the result holds a " + typeName(v) + " at ",
        ", which is not JSON (use dicts, lists, strings, numbers, booleans and None)");
  }

  private static String key(PyObject key) throws BadValue {
    if (key instanceof PyString) {
      return PyErrors.text(key);
    }
    if (key instanceof PyBoolean b) {
      return b.getBooleanValue() ? "true" : "false";
    }
    if (key instanceof PyInteger || key instanceof PyLong) {
      return key.toString();
    }
    if (key instanceof PyFloat f && !Double.isNaN(f.getValue()) && !Double.isInfinite(f.getValue())) {
      return key.__repr__().toString();
    }
    if (key == Py.None) {
      return "null";
    }
    throw new BadValue("TypeError", "the result has a dict key of type " + typeName(key)
        + " at ", ", which is not JSON (keys must be strings or numbers)");
  }

  private static String typeName(PyObject v) {
    return v.getType().fastGetName();
  }
}
