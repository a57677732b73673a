package io.edrplaybook.jython.internal;

import org.python.core.PyException;
import org.python.core.PyFrame;
import org.python.core.PyObject;
import org.python.core.TraceFunction;

/**
 * The slot thread's trace function. While {@link #stop} is false it does nothing but read it;
 * once set, it raises the slot's deadline exception (a {@code BaseException} subclass) on every
 * call, line and return event, so a bare {@code except:} cannot swallow it for long.
 */
final class DeadlineTracer extends TraceFunction {
  private final PyObject deadlineType;
  private volatile boolean stop;

  DeadlineTracer(PyObject deadlineType) {
    this.deadlineType = deadlineType;
  }

  /** Sets or clears the stop flag. */
  void stop(boolean value) {
    stop = value;
  }

  private void check() {
    if (stop) {
      throw new PyException(deadlineType, "the run passed its deadline");
    }
  }

  @Override
  public TraceFunction traceCall(PyFrame frame) {
    check();
    return this;
  }

  @Override
  public TraceFunction traceReturn(PyFrame frame, PyObject ret) {
    check();
    return this;
  }

  @Override
  public TraceFunction traceLine(PyFrame frame, int line) {
    check();
    return this;
  }

  @Override
  public TraceFunction traceException(PyFrame frame, PyException exc) {
    return this;
  }
}
