package io.edrplaybook.jython.internal;

import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.python.core.Py;
import org.python.core.PyBoolean;
import org.python.core.PyException;
import org.python.core.PyFloat;
import org.python.core.PyInteger;
import org.python.core.PyLong;
import org.python.core.PyObject;
import org.python.core.PyString;

/**
 * Reads how long a script's exception asks to wait before a retry: its own {@code retry_after}
 * (seconds), else a {@code Retry-After} header (delta-seconds or an HTTP-date) on its
 * {@code headers} or {@code hdrs} (urllib2 {@code HTTPError}) or on its {@code response.headers}
 * ({@code requests}). Only 0 to {@link ScriptOutcome#MAX_RETRY_AFTER}; anything else, or anything
 * unreadable, is no hint. Call only with the tracer disarmed (it calls the headers' {@code get}).
 */
final class RetryAfterHint {
  private static final String[] HEADER_ATTRIBUTES = {"headers", "hdrs"};

  private RetryAfterHint() {}

  /** Returns the hint of {@code e}, or null. */
  static Duration of(PyException e) {
    try {
      PyObject value = e.value;
      if (value == null || value == Py.None) {
        return null;
      }
      PyObject hint = value.__findattr__("retry_after");
      if (hint == null || hint == Py.None) {
        hint = header(value);
        if (hint == null) {
          hint = header(value.__findattr__("response"));
        }
      }
      return hint == null ? null : seconds(hint);
    } catch (RuntimeException unreadable) { // a PyException too: a property or get() that raises
      return null;
    }
  }

  private static PyObject header(PyObject holder) {
    if (holder == null || holder == Py.None) {
      return null;
    }
    for (String attribute : HEADER_ATTRIBUTES) {
      PyObject headers = holder.__findattr__(attribute);
      if (headers == null || headers == Py.None || headers.__findattr__("get") == null) {
        continue;
      }
      for (String name : new String[] {"Retry-After", "retry-after"}) {
        PyObject v = headers.invoke("get", new PyString(name));
        if (v != null && v != Py.None) {
          return v;
        }
      }
    }
    return null;
  }

  private static Duration seconds(PyObject hint) {
    double s;
    if (hint instanceof PyBoolean) {
      return null;
    } else if (hint instanceof PyInteger || hint instanceof PyLong || hint instanceof PyFloat) {
      s = hint.asDouble();
    } else if (hint instanceof PyString) {
      String t = PyErrors.text(hint).strip();
      if (!t.isEmpty() && t.length() <= 9 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
        s = Long.parseLong(t);
      } else {
        try {
          Instant at = ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          s = Math.max(0, Duration.between(Instant.now(), at).toMillis() / 1000.0);
        } catch (DateTimeParseException notADate) {
          return null;
        }
      }
    } else {
      return null;
    }
    if (!(s >= 0 && s <= ScriptOutcome.MAX_RETRY_AFTER.toSeconds())) {
      return null;
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }
}
