package io.edrplaybook.jython.internal;

import java.util.ArrayList;
import java.util.List;
import org.python.core.PyException;
import org.python.core.PyFrame;
import org.python.core.ThreadState;

/**
 * Says where a script was when its deadline stopped it, as a Python-style traceback ending in a
 * line that says why. Call only with the tracer disarmed (or on a slot that is never used again).
 */
final class Tracebacks {
  private static final int MAX_FRAMES = 100;

  private Tracebacks() {}

  /** Returns the frames {@code e} passed through on its way out of the script, then {@code last}. */
  static String of(PyException e, String last) {
    StringBuilder sb = new StringBuilder("Traceback (most recent call last):\n");
    try {
      if (e.traceback != null) {
        e.traceback.dumpStack(sb);
      }
    } catch (RuntimeException unreadable) {
      sb.append("  <traceback unavailable>\n");
    }
    return sb.append(last).append('\n').toString();
  }

  /**
   * Returns the frames the thread of {@code ts} is in now, down to (not including) {@code stopAt},
   * the frame the run started under; read from another thread, it is a snapshot at best.
   */
  static String of(ThreadState ts, PyFrame stopAt, String last) {
    List<String> lines = new ArrayList<>();
    PyFrame frame = ts == null ? null : ts.frame;
    while (frame != null && frame != stopAt && lines.size() < MAX_FRAMES) {
      String file = frame.f_code == null ? "<unknown>" : frame.f_code.co_filename;
      String name = frame.f_code == null ? "<unknown>" : frame.f_code.co_name;
      lines.add("  File \"" + file + "\", line " + frame.f_lineno + ", in " + name + "\n");
      frame = frame.f_back;
    }
    StringBuilder sb = new StringBuilder("Traceback (most recent call last):\n");
    for (int i = lines.size() - 1; i >= 0; i--) {
      sb.append(lines.get(i));
    }
    return sb.append(last).append('\n').toString();
  }
}
