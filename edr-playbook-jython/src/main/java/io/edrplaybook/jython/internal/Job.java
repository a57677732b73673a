package io.edrplaybook.jython.internal;

import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One call handed to a slot: what to run, and the future its outcome completes. */
final class Job {
  /** Why a job was told to stop. */
  enum Stop {
    DEADLINE,
    CLOSED
  }

  final JythonCompiledScript script;
  final EntryPoint entryPoint;
  final Map<String, Object> ctx;
  final Duration timeout;
  final String invocationId;
  final CompletableFuture<ScriptOutcome> done = new CompletableFuture<>();
  /** Set by the caller's thread when it tells the slot to stop this job; read by the slot. */
  volatile Stop stopped;

  Job(JythonCompiledScript script, EntryPoint entryPoint, Map<String, Object> ctx, Duration timeout,
      String invocationId) {
    this.script = script;
    this.entryPoint = entryPoint;
    this.ctx = ctx;
    this.timeout = timeout;
    this.invocationId = invocationId;
  }
}
