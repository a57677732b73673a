package io.edrplaybook.benchmarks.internal;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.python.core.Py;
import org.python.core.PyDictionary;
import org.python.core.PyCode;
import org.python.core.PyList;
import org.python.core.PyStringMap;
import org.python.core.PyObject;
import org.python.core.PyUnicode;
import org.python.util.PythonInterpreter;

/**
 * The naive way to run a script on Jython, what a product without a runner does: a new
 * {@link PythonInterpreter} per run, executing the source, then calling {@code run(ctx)} with the
 * context converted to Python and the result converted back. Use from one thread.
 */
public final class NaiveJython {
  private final String source;

  /** Runs {@code source} the naive way. */
  public NaiveJython(String source) {
    this.source = source;
  }

  /** Runs one call; returns the script's dict as Java values. */
  public Map<String, Object> run(Map<String, Object> ctx) {
    PythonInterpreter interpreter = new PythonInterpreter();
    try {
      interpreter.exec(source);
      PyObject result = interpreter.get("run").__call__(toPy(ctx));
      return toJava((PyDictionary) result);
    } finally {
      interpreter.cleanup();
    }
  }

  /**
   * The lower bound of a runner, for comparison only: the source compiled once, then per call
   * fresh globals, the module executed, {@code run(ctx)} called, on the calling thread, with no
   * capture, no deadline and no isolation between threads.
   */
  public static final class InThread {
    private final PythonInterpreter interpreter = new PythonInterpreter();
    private final PyCode code;

    /** Compiles {@code source} once. */
    public InThread(String source) {
      code = interpreter.compile(source, "notify.py");
    }

    /** Runs one call. */
    public Map<String, Object> run(Map<String, Object> ctx) {
      PyStringMap globals = new PyStringMap();
      globals.__setitem__("__name__", Py.newString("__action__"));
      Py.runCode(code, globals, globals);
      return toJava((PyDictionary) globals.__getitem__("run").__call__(toPy(ctx)));
    }
  }

  private static PyObject toPy(Object v) {
    if (v == null) {
      return Py.None;
    } else if (v instanceof String s) {
      return new PyUnicode(s);
    } else if (v instanceof Boolean b) {
      return b ? Py.True : Py.False;
    } else if (v instanceof Integer i) {
      return Py.newInteger(i);
    } else if (v instanceof Long l) {
      return Py.newLong(l);
    } else if (v instanceof BigInteger b) {
      return Py.newLong(b);
    } else if (v instanceof Double d) {
      return Py.newFloat(d);
    } else if (v instanceof Map<?, ?> m) {
      PyDictionary d = new PyDictionary();
      m.forEach((k, x) -> d.__setitem__(new PyUnicode(k.toString()), toPy(x)));
      return d;
    } else if (v instanceof List<?> l) {
      PyList out = new PyList();
      l.forEach(x -> out.append(toPy(x)));
      return out;
    }
    throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
  }

  private static Map<String, Object> toJava(PyDictionary d) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (PyObject k : d.asIterable()) {
      out.put(k.toString(), d.__getitem__(k).__tojava__(Object.class));
    }
    return out;
  }
}
