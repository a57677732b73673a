package io.edrplaybook.subprocess.internal;

import io.edrplaybook.subprocess.CPythonSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts workers of one runner and owns the threads they share: the watchdog (one thread that
 * kills workers past their deadline) and the stderr drains (one pooled thread per live worker).
 */
final class WorkerFactory implements AutoCloseable {
  private final Interpreter interpreter;
  private final Path workDir;
  private final List<String> command;
  private final Protocol protocol;
  private final byte[] initFrame;
  private final long graceMillis;
  private final Watchdog watchdog;
  private final ExecutorService drains;

  WorkerFactory(Interpreter interpreter, Path bootstrap, CPythonSettings settings, Protocol protocol) {
    this.interpreter = interpreter;
    this.workDir = bootstrap.getParent();
    List<String> cmd = new ArrayList<>();
    cmd.add(interpreter.executable());
    cmd.addAll(interpreter.flags());
    cmd.add(bootstrap.toString());
    this.command = List.copyOf(cmd);
    this.protocol = protocol;
    this.initFrame = protocol.init(settings);
    this.graceMillis = settings.grace().toMillis();
    this.watchdog = new Watchdog();
    this.drains = Executors.newCachedThreadPool(daemon("edr-playbook-cpython-stderr"));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts a worker, ready for calls, by {@code deadline} ({@link System#nanoTime}). */
  Worker start(long deadline) throws IOException {
    return Worker.start(this, deadline);
  }

  ProcessBuilder processBuilder() {
    // Nothing but the bootstrap on the command line, nothing but the minimal environment:
    // secrets and events travel only in frames.
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(interpreter.environment());
    return pb;
  }

  byte[] initFrame() {
    return initFrame;
  }

  Protocol protocol() {
    return protocol;
  }

  Watchdog watchdog() {
    return watchdog;
  }

  ExecutorService drains() {
    return drains;
  }

  long graceMillis() {
    return graceMillis;
  }

  String describe() {
    return interpreter.describe();
  }

  @Override
  public void close() {
    watchdog.close();
    drains.shutdownNow();
  }
}
