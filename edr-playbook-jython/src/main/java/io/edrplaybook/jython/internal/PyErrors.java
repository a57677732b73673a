package io.edrplaybook.jython.internal;

import io.edrplaybook.api.ScriptError;
import java.nio.charset.StandardCharsets;
import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyTuple;
import org.python.core.PyUnicode;

/**
 * Reads a Python exception the way the script contract records it: the bare type name, the
 * message with non-ASCII text intact (2.7 {@code str(e)} would fail on it), the traceback with
 * the script's file and lines, and the {@code transient} flag. Call only with the tracer disarmed.
 */
public final class PyErrors {
  private PyErrors() {}

  /** Returns the error of {@code e}. */
  static ScriptError toError(PyException e) {
    e.normalize();
    return new ScriptError(typeName(e), message(e), traceback(e), isTransient(e));
  }

  /** Returns the exception's bare class name, e.g. {@code ConnectorError}. */
  static String typeName(PyException e) {
    try {
      PyObject name = e.type.__findattr__("__name__");
      return name == null ? "Exception" : name.asString();
    } catch (PyException unreadable) {
      return "Exception";
    }
  }

  /** Returns the exception's message as {@code unicode(e)} would, never failing. */
  static String message(PyException e) {
    PyObject value = e.value;
    if (value == null || value == Py.None) {
      return "";
    }
    try {
      PyObject args = value.__findattr__("args");
      if (args instanceof PyTuple t && t.size() == 1) {
        PyObject only = t.pyget(0);
        if (only instanceof PyString && !(only instanceof PyUnicode)) {
          return text(only); // bytes: decode as UTF-8 rather than fail as unicode() would
        }
      }
      return value.__unicode__().getString();
    } catch (PyException | ClassCastException unreadable) {
      try {
        return text(value.__str__());
      } catch (PyException stillUnreadable) {
        return "<unprintable " + typeName(e) + " object>";
      }
    }
  }

  /** Returns text for a Python string: unicode as is, bytes decoded as UTF-8. */
  public static String text(PyObject s) {
    if (s instanceof PyUnicode u) {
      return u.getString();
    }
    if (s instanceof PyString b) {
      return new String(b.getString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
    return s.__unicode__().getString();
  }

  /** Returns a Python-style traceback ending in {@code Type: message}. */
  static String traceback(PyException e) {
    StringBuilder sb = new StringBuilder();
    if (e.traceback != null) {
      sb.append("Traceback (most recent call last):\n");
      try {
        e.traceback.dumpStack(sb);
      } catch (RuntimeException unreadable) {
        sb.append("  <traceback unavailable>\n");
      }
    }
    String message = message(e);
    sb.append(typeName(e));
    if (!message.isEmpty()) {
      sb.append(": ").append(message);
    }
    return sb.append('\n').toString();
  }

  private static boolean isTransient(PyException e) {
    try {
      PyObject flag = e.value == null ? null : e.value.__findattr__("transient");
      return flag != null && flag.__nonzero__();
    } catch (PyException unreadable) {
      return false;
    }
  }
}
