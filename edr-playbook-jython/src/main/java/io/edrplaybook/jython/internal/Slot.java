package io.edrplaybook.jython.internal;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.jython.JythonSettings;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.core.PySystemState;
import org.python.util.PythonInterpreter;

/**
 * One interpreter slot: its own {@code PySystemState}, deadline tracer and output capture, used
 * by one job at a time. Its thread sets it up; with {@code isolateThreads} the thread then stays
 * and runs the jobs handed to it (a daemon, so a slot retired with a script still running cannot
 * keep the JVM alive), otherwise it ends and jobs run on the threads that check the slot out.
 */
final class Slot {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final long THREAD_STACK = 16L * 1024 * 1024;
  private static final String SETUP = String.join("\n",
      "import sys",
      "class DeadlineExceeded(BaseException):",
      "    '''Raised in a script that ran past its deadline.'''",
      "def _ignore(*args, **kwargs):",
      "    return None",
      // a script must not switch off the deadline tracer
      "sys.settrace = _ignore",
      "sys.setprofile = _ignore",
      "");
  private static final String WARM_UP = "import json, re, time, datetime, collections, base64\n";

  final int id = IDS.incrementAndGet();
  private final JythonSettings settings;
  private final JythonCompiledScript warmUpScript;
  private final Thread thread;
  private final SynchronousQueue<Job> inbox = new SynchronousQueue<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final OutputCapture capture;
  private SlotExecutor executor; // created on the slot thread
  private DeadlineTracer tracer;
  private volatile Job current; // written under this; read by the deadline ticker
  private volatile boolean retired;

  private Slot(JythonSettings settings, JythonCompiledScript warmUpScript) {
    this.settings = settings;
    this.warmUpScript = warmUpScript;
    this.capture = new OutputCapture(settings.outputCap());
    this.thread = new Thread(null, this::main, "edr-jython-slot-" + id, THREAD_STACK);
    thread.setDaemon(true);
  }

  /** Starts a slot's thread; {@link #awaitReady} waits until its interpreter is set up. */
  static Slot start(JythonSettings settings, JythonCompiledScript warmUpScript) {
    Slot slot = new Slot(settings, warmUpScript);
    slot.thread.start();
    return slot;
  }

  /** Waits until the slot can take jobs. */
  Slot awaitReady() {
    try {
      ready.join();
      return this;
    } catch (CompletionException e) {
      throw new PlaybookException("Could not set up a Jython interpreter slot: " + e.getCause(), e.getCause());
    }
  }

  /** Hands {@code job} to the slot's thread; false when the thread did not take it. */
  boolean offer(Job job) throws InterruptedException {
    return !retired && inbox.offer(job, 5, TimeUnit.SECONDS);
  }

  /** Runs {@code job} on the calling thread (calls not handed off). */
  ScriptOutcome execute(Job job) {
    return executor.execute(job);
  }

  /** Returns the job whose script is running, or null. */
  Job current() {
    return current;
  }

  /** Returns whether the slot was retired. */
  boolean isRetired() {
    return retired;
  }

  /** Tells the running {@code job} to stop: the tracer raises, and a sleep is interrupted. */
  synchronized void stop(Job job, Job.Stop why) {
    if (job.stopped == null) {
      job.stopped = why;
    }
    if (current == job) {
      tracer.stop(true);
      job.thread.interrupt();
    }
  }

  /** Retires the slot: its thread ends after its current job, if that ever ends. */
  synchronized void retire() {
    retired = true;
    if (current != null) {
      stop(current, Job.Stop.CLOSED);
    } else {
      thread.interrupt();
    }
  }

  /**
   * Retires the slot if {@code job} is still running, marking it stopped for its deadline and
   * abandoned: its caller then does not put the slot back. False if the job has ended.
   */
  synchronized boolean abandonIfRunning(Job job) {
    if (current != job || job.abandoned) {
      return false;
    }
    if (job.stopped == null) {
      job.stopped = Job.Stop.DEADLINE;
    }
    job.abandoned = true;
    retired = true;
    tracer.stop(true);
    return true;
  }

  /**
   * Retires a slot whose job would not stop. As a last resort it asks the JVM to stop the thread,
   * which JDK 17 to 19 do (the slot's state is never reused, so what that may break inside it
   * does not matter); later JDKs refuse, and the thread is left running, abandoned.
   *
   * @return whether the thread was asked to stop
   */
  @SuppressWarnings({"removal", "deprecation"})
  boolean abandon() {
    Job running;
    synchronized (this) {
      running = current;
      retire();
    }
    if (running == null || running.thread != thread) { // never stop a caller's thread
      return false;
    }
    try {
      thread.stop();
      return true;
    } catch (UnsupportedOperationException refused) {
      return false;
    }
  }

  /**
   * Called on the thread that runs {@code job}: marks it running; false if it was stopped already.
   * The slot's own thread drops a stale interrupt; a caller's thread keeps its own.
   */
  synchronized boolean arm(Job job) {
    Thread me = Thread.currentThread();
    if (me == thread) {
      Thread.interrupted();
    }
    job.thread = me;
    current = job;
    tracer.stop(job.stopped != null);
    return job.stopped == null;
  }

  /**
   * Called on the thread that ran {@code job}, after the script: disarms the tracer and clears
   * the interrupt a stop may have sent (noting on a caller's thread that an interrupt was its own,
   * to restore it); returns why the job was stopped.
   */
  synchronized Job.Stop disarm(Job job) {
    if (current == job) {
      current = null;
      tracer.stop(false);
      if (Thread.interrupted() && job.thread != thread
          && (job.stopped == null || job.stopped == Job.Stop.INTERRUPTED)) {
        job.reinterrupt = true;
      }
    }
    return job.stopped;
  }

  @Override
  public String toString() {
    return thread.getName();
  }

  private void main() {
    try {
      setUp();
      ready.complete(null);
    } catch (Throwable t) {
      ready.completeExceptionally(t);
      return;
    }
    if (!settings.isolateThreads()) {
      return; // jobs run on the threads that check the slot out
    }
    while (!retired) {
      Job job;
      try {
        job = inbox.take();
      } catch (InterruptedException e) {
        continue; // a stop that came late, or retirement: the loop condition decides
      }
      try {
        ScriptOutcome outcome = executor.execute(job);
        job.done.complete(outcome);
      } catch (Throwable t) {
        job.done.completeExceptionally(t);
      }
    }
  }

  private void setUp() {
    JythonRuntime.ensureInitialized();
    PySystemState state = new PySystemState();
    for (String entry : settings.pythonPath()) {
      state.path.append(Py.newUnicode(entry));
    }
    Py.setSystemState(state);
    PythonInterpreter interpreter = new PythonInterpreter(null, state);
    interpreter.exec(SETUP);
    PyObject deadlineType = interpreter.get("DeadlineExceeded");
    tracer = new DeadlineTracer(deadlineType);
    executor = new SlotExecutor(this, state, tracer, capture);
    if (settings.warmUp()) {
      interpreter.exec(WARM_UP);
      if (warmUpScript != null) {
        Duration timeout = Duration.ofMinutes(1);
        Job warm = new Job(warmUpScript, EntryPoint.RUN, Map.of(), timeout, "warm-up",
            System.nanoTime() + timeout.toNanos(), false);
        executor.execute(warm);
      }
    }
  }
}
