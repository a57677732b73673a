package io.edrplaybook.subprocess.internal;

import io.edrplaybook.subprocess.CPythonSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts workers of one runner and owns the threads they share: the watchdog (one thread that
 * kills workers past their deadline) and the stderr drains (one pooled thread per live worker).
 *
 * <p>The bootstrap travels on the command line (as an argument of {@code -c}), never through a
 * file a script could rewrite; each worker gets its own empty folder as {@code HOME},
 * {@code TMPDIR} and working directory of inline scripts (a script on disk runs in its own folder).
 */
final class WorkerFactory implements AutoCloseable {
  /** Runs the bootstrap source (argv[1]) under a file name of its own, for tracebacks. */
  private static final String LOADER =
      "import sys; exec(compile(sys.argv[1], '<edr-playbook-worker>', 'exec'))";

  private final Interpreter interpreter;
  private final Launcher launcher;
  private final Path workDir;
  private final List<String> command;
  private final Protocol protocol;
  private final byte[] initFrame;
  private final long graceMillis;
  private final Watchdog watchdog;
  private final ExecutorService drains;
  private final AtomicInteger serial = new AtomicInteger();

  WorkerFactory(Interpreter interpreter, Launcher launcher, String bootstrap, Path workDir,
      CPythonSettings settings, Protocol protocol) {
    this.interpreter = interpreter;
    this.launcher = launcher;
    this.workDir = workDir;
    List<String> cmd = new ArrayList<>(launcher.prefix());
    cmd.add(interpreter.executable());
    cmd.addAll(interpreter.flags());
    cmd.add("-c");
    cmd.add(LOADER);
    cmd.add(bootstrap);
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

  /** A new private folder for one worker. */
  Path newWorkerDir() throws IOException {
    Path dir = workDir.resolve("w" + serial.incrementAndGet());
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    return dir;
  }

  /** Starts the process of a worker whose folder is {@code dir}. */
  Process spawn(Path dir) throws IOException {
    // Nothing but the bootstrap on the command line, nothing but the minimal environment:
    // secrets and events travel only in frames.
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(interpreter.environment());
    pb.environment().putIfAbsent("HOME", dir.toString());  // unless configured in environment
    pb.environment().putIfAbsent("TMPDIR", dir.toString());
    return Launcher.spawn(pb);
  }

  boolean namespace() {
    return launcher.namespace();
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
    try {
      // the workers are dead by now: each drain ends at its pipe's end of stream, promptly
      if (!drains.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS)) {
        org.slf4j.LoggerFactory.getLogger(WorkerFactory.class)
            .warn("Some stderr drains did not end within 2 s of closing the runner");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
