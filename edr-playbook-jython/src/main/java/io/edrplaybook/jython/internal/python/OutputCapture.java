package io.edrplaybook.jython.internal.python;

import io.edrplaybook.jython.internal.PyErrors;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.core.PyString;

/**
 * A slot's {@code sys.stdout} and {@code sys.stderr} during a run: keeps the first {@code cap}
 * characters and counts the rest. Public only because Jython calls its methods by reflection;
 * not API. Written by one slot thread at a time; synchronized so the runner may read what a script
 * abandoned past its deadline printed so far while it still writes.
 */
public final class OutputCapture {
  private final int cap;
  private final StringBuilder kept = new StringBuilder();
  private long cut;

  /** Python's print statement keeps its state here. */
  public int softspace;

  /** What Python code reading {@code sys.stdout.encoding} sees. */
  public final String encoding = "utf-8";

  /** Keeps the first {@code cap} characters of a run's output. */
  public OutputCapture(int cap) {
    this.cap = cap;
  }

  /** Appends text; bytes are read as UTF-8. */
  public synchronized void write(PyObject s) {
    if (!(s instanceof PyString)) {
      throw Py.TypeError("write() argument must be a string, was " + s.getType().fastGetName());
    }
    String text = PyErrors.text(s);
    int room = cap - kept.length();
    if (text.length() <= room) {
      kept.append(text);
    } else {
      kept.append(text, 0, Math.max(room, 0));
      cut += text.length() - Math.max(room, 0);
    }
  }

  /** Writes each string of {@code lines}. */
  public void writelines(PyObject lines) {
    for (PyObject line : lines.asIterable()) {
      write(line);
    }
  }

  /** Does nothing: output is kept in memory. */
  public void flush() {}

  /** Returns false: not a terminal. */
  public boolean isatty() {
    return false;
  }

  /** Forgets what the last run wrote. */
  public synchronized void reset() {
    kept.setLength(0);
    cut = 0;
    softspace = 0;
  }

  /** Returns whether anything was cut. */
  public synchronized boolean truncated() {
    return cut > 0;
  }

  /** Returns what was kept, followed by a line saying how much was cut, if anything was. */
  public synchronized String text() {
    if (cut == 0) {
      return kept.toString();
    }
    return kept + "\n[output truncated: " + cut + " more characters were cut at the cap of " + cap
        + "]\n";
  }
}
