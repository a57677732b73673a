package io.edrplaybook.jython.internal;

import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.python.core.PyFrame;
import org.python.core.ThreadState;

/** One call: what to run, its deadline, and how it was told to stop. */
final class Job {
  /** Why a job was told to stop. */
  enum Stop {
    DEADLINE,
    CLOSED,
    /** The calling thread was interrupted (calls on the calling thread only). */
    INTERRUPTED
  }

  final JythonCompiledScript script;
  final EntryPoint entryPoint;
  final Map<String, Object> ctx;
  final Duration timeout;
  final String invocationId;
  /** {@link System#nanoTime()} at which the call's deadline passes. */
  final long deadline;
  /** Completed by a slot's own thread; null for a call on the calling thread. */
  final CompletableFuture<ScriptOutcome> done;
  /** The thread running the script, set when it is armed; the one a stop interrupts. */
  volatile Thread thread;
  /** Set by whoever tells the job to stop; read by the thread running it. */
  volatile Stop stopped;
  /** Set when the job's slot was retired because the script did not stop within the grace. */
  volatile boolean abandoned;
  /** The Jython state of the thread running the script, set when it is armed; read for its frames. */
  volatile ThreadState threadState;
  /** The frame the run started under, where a traceback of the stuck script ends. */
  volatile PyFrame entryFrame;
  /** Where the script was when its slot was abandoned past the grace; null until then. */
  volatile String stuckAt;
  /** Set when the calling thread's own interrupt was cleared while the script ran. */
  boolean reinterrupt;

  Job(JythonCompiledScript script, EntryPoint entryPoint, Map<String, Object> ctx, Duration timeout,
      String invocationId, long deadline, boolean handedOff) {
    this.script = script;
    this.entryPoint = entryPoint;
    this.ctx = ctx;
    this.timeout = timeout;
    this.invocationId = invocationId;
    this.deadline = deadline;
    this.done = handedOff ? new CompletableFuture<>() : null;
  }
}
