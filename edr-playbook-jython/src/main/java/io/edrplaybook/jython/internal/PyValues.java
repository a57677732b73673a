package io.edrplaybook.jython.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
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

  /** Returns {@code ctx} as a Python dict. */
  static PyDictionary toPython(Map<String, Object> ctx) {
    return (PyDictionary) toPython("ctx", ctx, 0);
  }

  private static PyObject toPython(String path, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(path + ": nested deeper than " + MAX_DEPTH + " levels");
    }
    if (v == null) {
      return Py.None;
    }
    if (v instanceof String s) {
      return Py.newUnicode(s);
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
      PyDictionary d = new PyDictionary();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException(path + ": keys must be strings, was " + e.getKey());
        }
        d.__setitem__(Py.newUnicode(key), toPython(path + "." + key, e.getValue(), depth + 1));
      }
      return d;
    }
    if (v instanceof List<?> l) {
      PyObject[] items = new PyObject[l.size()];
      for (int i = 0; i < items.length; i++) {
        items[i] = toPython(path + "[" + i + "]", l.get(i), depth + 1);
      }
      return new PyList(items);
    }
    throw new IllegalArgumentException(path + ": must be a JSON value (map, list, string, number,"
        + " boolean or null), was a " + v.getClass().getName());
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
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) toJava("result", ret, 0);
    return map;
  }

  private static Object toJava(String path, PyObject v, int depth) throws NotJsonException {
    if (depth > MAX_DEPTH) {
      throw new NotJsonException("ValueError", "the result is nested deeper than " + MAX_DEPTH
          + " levels at " + path + " (a circular reference?), so it is not JSON");
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
        throw new NotJsonException("ValueError", "the result holds " + d + " at " + path
            + ", which is not JSON (NaN and Infinity are not allowed)");
      }
      return d;
    }
    if (v instanceof PyString) {
      return PyErrors.text(v);
    }
    if (v instanceof PyDictionary || v instanceof PyStringMap) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (PyObject key : v.asIterable()) {
        String k = key(path, key);
        out.put(k, toJava(path + "[\"" + k + "\"]", v.__getitem__(key), depth + 1));
      }
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof PyList || v instanceof PyTuple) {
      List<Object> out = new ArrayList<>();
      int i = 0;
      for (PyObject item : v.asIterable()) {
        out.add(toJava(path + "[" + i++ + "]", item, depth + 1));
      }
      return Collections.unmodifiableList(out);
    }
    throw new NotJsonException("TypeError", "the result holds a " + typeName(v) + " at " + path
        + ", which is not JSON (use dicts, lists, strings, numbers, booleans and None)");
  }

  private static String key(String path, PyObject key) throws NotJsonException {
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
    throw new NotJsonException("TypeError", "the result has a dict key of type " + typeName(key)
        + " at " + path + ", which is not JSON (keys must be strings or numbers)");
  }

  private static String typeName(PyObject v) {
    return v.getType().fastGetName();
  }
}
