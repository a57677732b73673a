package io.edrplaybook.jython.internal;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.jython.internal.python.OutputCapture;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import org.python.core.Py;
import org.python.core.PyDictionary;
import org.python.core.PyException;
import org.python.core.PyFrame;
import org.python.core.PyInteger;
import org.python.core.PyLong;
import org.python.core.PyObject;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;
import org.python.core.ThreadState;
import org.python.core.TraceFunction;

/**
 * Runs a job on the current thread (the slot's own or a caller's): module code into fresh
 * globals, then the entry point, with output captured and the deadline tracer armed only while
 * script code runs. Everything that reads Python objects afterwards (result, exception) runs with
 * the tracer disarmed.
 *
 * <p>Jython keeps one {@code ThreadState} per Java thread, which points at a {@code sys}. For the
 * run this thread's state is switched to the slot's {@code sys} and tracer; afterwards its
 * {@code sys}, trace function, frame, call depth and pending exception are put back as they were,
 * so nothing of the slot stays on a pooled caller thread (nor of one slot in the next).
 */
final class SlotExecutor {
  /** The error of a run ended because its runner was closed. */
  static final ScriptError RUNNER_CLOSED =
      ScriptError.of("RunnerClosed", "the Jython runner was closed while the script ran");

  /** The error type of a timed-out run, as {@link ScriptOutcome#timedOut} records it. */
  static final String TIMEOUT_TYPE = "TimeoutError";

  private static final PyObject ACTION_NAME = Py.newString("__action__");

  private final Slot slot;
  private final PySystemState state;
  private final DeadlineTracer tracer;
  private final OutputCapture capture;
  private final SlotRuntime runtime;
  private final PyValues.ToPython values = new PyValues.ToPython();
  private final PyObject captureObject;
  private final PyObject stdout;
  private final PyObject stderr;
  private final PyObject originalStdout;
  private final PyObject originalStderr;

  SlotExecutor(Slot slot, PySystemState state, DeadlineTracer tracer, OutputCapture capture,
      SlotRuntime runtime) {
    this.slot = slot;
    this.runtime = runtime;
    this.state = state;
    this.tracer = tracer;
    this.capture = capture;
    this.captureObject = Py.java2py(capture);
    this.stdout = state.stdout;
    this.stderr = state.stderr;
    this.originalStdout = state.__stdout__;
    this.originalStderr = state.__stderr__;
  }

  ScriptOutcome execute(Job job) {
    capture.reset();
    boolean test = job.entryPoint == EntryPoint.TEST;
    PyDictionary ctx = values.convert(job.ctx, test);
    String function = job.entryPoint == EntryPoint.UNDO ? "undo" : test && job.script.hasTest() ? "test" : "run";
    PyStringMap globals = new PyStringMap();
    globals.__setitem__("__name__", ACTION_NAME);
    globals.__setitem__("__file__", job.script.fileName());
    ThreadState ts = Py.getThreadState();
    PySystemState previousState = ts.getSystemState();
    TraceFunction previousTrace = ts.tracefunc;
    PyFrame previousFrame = ts.frame;
    PyException previousException = ts.exception;
    int previousDepth = ts.call_depth;
    if (previousState != state) {
      ts.setSystemState(state);
    }
    runtime.enter(job.script);
    job.threadState = ts;
    job.entryFrame = previousFrame;
    ts.tracefunc = tracer;
    redirect(captureObject);
    try {
      return executeArmed(job, ts, globals, function, ctx);
    } finally {
      slot.disarm(job);
      redirect(null);
      try {
        runtime.leave(job.script);
      } catch (RuntimeException e) {
        slot.taint(e); // its sys is not what the next run must find: the runner replaces it
      }
      ts.tracefunc = previousTrace;
      ts.frame = previousFrame;
      ts.exception = previousException;
      ts.call_depth = previousDepth;
      if (previousState != state) {
        ts.setSystemState(previousState);
      }
    }
  }

  private ScriptOutcome executeArmed(Job job, ThreadState ts, PyStringMap globals, String function,
      PyDictionary ctx) {
    if (!slot.arm(job)) {
      return stopped(job, null);
    }
    PyObject ret;
    try {
      Py.runCode(job.script.code(), globals, globals);
      PyObject entry = globals.__finditem__(function);
      if (entry == null) {
        slot.disarm(job);
        return failed(ScriptError.of("NameError", job.entryPoint == EntryPoint.UNDO
            ? "the script defines no function 'undo'" : "the script deleted its '" + function
                + "' function before it could be called"));
      }
      ret = entry.__call__(ctx);
    } catch (PyException e) {
      if (slot.disarm(job) != null) {
        ts.exception = null;
        return stopped(job, e);
      }
      ts.exception = null;
      return fromException(e);
    } catch (StackOverflowError e) {
      if (slot.disarm(job) != null) {
        return stopped(job, null);
      }
      return failed(ScriptError.of("RuntimeError", "maximum recursion depth exceeded"));
    }
    if (slot.disarm(job) != null) {
      return stopped(job, null);
    }
    return fromResult(ret);
  }

  private void redirect(PyObject to) {
    state.stdout = to == null ? stdout : to;
    state.stderr = to == null ? stderr : to;
    state.__stdout__ = to == null ? originalStdout : to;
    state.__stderr__ = to == null ? originalStderr : to;
  }

  private ScriptOutcome fromResult(PyObject ret) {
    try {
      Map<String, Object> result = PyValues.resultToJava(ret);
      return ScriptOutcome.succeeded(result, capture.text(), capture.truncated());
    } catch (PyValues.NotJsonException e) {
      return failed(ScriptError.of(e.pythonType(), e.getMessage()));
    } catch (PyException e) {
      return fromException(e); // a dict subclass whose methods raise
    }
  }

  private ScriptOutcome fromException(PyException e) {
    if (e.match(Py.SystemExit)) {
      e.normalize();
      PyObject code = e.value == null ? null : e.value.__findattr__("code");
      if (code == null || code == Py.None || isZero(code)) {
        return ScriptOutcome.succeeded(null, capture.text(), capture.truncated());
      }
    }
    return failed(PyErrors.toError(e)).withRetryAfter(RetryAfterHint.of(e));
  }

  private static boolean isZero(PyObject code) {
    if (code instanceof PyInteger i) {
      return i.getValue() == 0;
    }
    return code instanceof PyLong l && l.getValue().equals(BigInteger.ZERO);
  }

  private ScriptOutcome failed(ScriptError error) {
    return ScriptOutcome.failed(error, capture.text(), capture.truncated());
  }

  /**
   * The outcome of a job that was told to stop; {@code e} is the exception the stop raised in the
   * script (its traceback says where the script was), or null if the script had returned.
   */
  private ScriptOutcome stopped(Job job, PyException e) {
    if (job.stopped == Job.Stop.CLOSED) {
      return failed(RUNNER_CLOSED);
    }
    if (job.stopped == Job.Stop.INTERRUPTED) {
      return failed(ScriptError.of("Interrupted", "the calling thread was interrupted while the script ran"));
    }
    String message = "the script ran past its deadline of " + job.timeout.toMillis()
        + " ms and was stopped";
    String traceback = e == null ? "" : Tracebacks.of(e, TIMEOUT_TYPE + ": " + message);
    return timedOut(message, traceback, capture.text(), capture.truncated());
  }

  /** A timed-out outcome whose error carries {@code traceback}. */
  static ScriptOutcome timedOut(String message, String traceback, String output, boolean truncated) {
    return new ScriptOutcome(ScriptOutcome.Status.TIMED_OUT, Optional.empty(), output, truncated,
        Optional.of(new ScriptError(TIMEOUT_TYPE, message, traceback, false)));
  }
}
