package io.edrplaybook.jython.internal;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.jython.JythonSettings;
import io.edrplaybook.jython.internal.python.OutputCapture;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.List;
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
      "import sys, os",
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
  private final SlotConfig config;
  private final JythonSettings settings;
  private final Thread thread;
  private final SynchronousQueue<Job> inbox = new SynchronousQueue<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final OutputCapture capture;
  private SlotExecutor executor; // created on the slot thread
  private DeadlineTracer tracer;
  private volatile Job current; // written under this; read by the deadline ticker
  private volatile boolean retired;
  private volatile RuntimeException tainted; // why its state could not be put back after a run
  private volatile List<String> preloaded = List.of();

  private Slot(SlotConfig config) {
    this.config = config;
    this.settings = config.settings();
    this.capture = new OutputCapture(settings.outputCap());
    this.thread = new Thread(null, this::main, "edr-jython-slot-" + id, THREAD_STACK);
    thread.setDaemon(true);
  }

  /** Starts a slot's thread; {@link #awaitReady} waits until its interpreter is set up. */
  static Slot start(SlotConfig config) {
    Slot slot = new Slot(config);
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

  /** Notes that the state of the slot's interpreter could not be put back after a run. */
  void taint(RuntimeException why) {
    tainted = why;
  }

  /** Returns why the slot's state could not be put back after a run, or null if it was. */
  RuntimeException tainted() {
    return tainted;
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
    noteWhereStuck(job);
    return true;
  }

  /** Records in {@code job} where its script is now, as a traceback (a snapshot of its thread). */
  private static void noteWhereStuck(Job job) {
    if (job.stuckAt == null) {
      try {
        job.stuckAt = Tracebacks.of(job.threadState, job.entryFrame, SlotExecutor.TIMEOUT_TYPE
            + ": the script was still running " + "at its deadline of " + job.timeout.toMillis()
            + " ms plus the grace");
      } catch (RuntimeException racing) {
        job.stuckAt = ""; // its frames changed under us; the run is timed out all the same
      }
    }
  }

  /**
   * Retires a slot whose job would not stop, abandoning the thread that runs it: nothing stops a
   * Java thread from outside ({@code Thread.stop} is gone from JDK 20 on, and was never safe), so
   * the tracer stays armed (the script raises at its next line, event or call, whenever it gets
   * there) and the slot, its output capture and its interpreter state are never used again, so
   * nothing that thread does can reach a later run. A slot thread is renamed to say it was
   * abandoned, and lives on as a daemon until the script returns.
   *
   * @return the slot's own thread if a job still runs on it, to watch; null otherwise
   */
  Thread abandon() {
    Job running;
    synchronized (this) {
      running = current;
      retire();
    }
    if (running != null) {
      noteWhereStuck(running);
    }
    if (running == null || running.thread != thread) { // a caller's thread is the caller's
      return null;
    }
    thread.setName(thread.getName() + "-abandoned");
    return thread;
  }

  /** Returns what the running job printed so far (the slot is retired: nothing resets it). */
  String outputSoFar() {
    return capture.text();
  }

  /** Returns whether the output so far was cut at the cap. */
  boolean outputTruncatedSoFar() {
    return capture.truncated();
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
    // imports compile in memory: no $py.class files beside the modules (pythonPath, script folders)
    state.dont_write_bytecode = true;
    state.setCurrentWorkingDir(config.scratch());
    // pythonPath before the standard library, as PYTHONPATH is on CPython
    List<String> pythonPath = settings.pythonPath();
    for (int i = 0; i < pythonPath.size(); i++) {
      state.path.insert(i, Py.newUnicode(pythonPath.get(i)));
    }
    Py.setSystemState(state);
    PythonInterpreter interpreter = new PythonInterpreter(null, state);
    interpreter.exec(SETUP);
    PyObject deadlineType = interpreter.get("DeadlineExceeded");
    tracer = new DeadlineTracer(deadlineType);
    SlotRuntime runtime = new SlotRuntime(state, settings.pythonPath(), config.environment(),
        config.scratch());
    executor = new SlotExecutor(this, state, tracer, capture, runtime);
    if (settings.warmUp()) {
      interpreter.exec(WARM_UP);
      JythonCompiledScript warmUpScript = config.warmUpScript();
      if (warmUpScript != null) {
        Duration timeout = Duration.ofMinutes(1);
        Job warm = new Job(warmUpScript, EntryPoint.RUN, Map.of(), timeout, "warm-up",
            System.nanoTime() + timeout.toNanos(), false);
        executor.execute(warm);
      }
    }
    SlotConfig.Preload preload = config.preload();
    if (preload != null) {
      List<String> names = preload.names();
      if (!names.isEmpty()) {
        preload.run(this, names);
      }
      preloaded = names;
    }
  }

  /** The modules this slot imported as it was set up. */
  List<String> preloaded() {
    return preloaded;
  }
}
