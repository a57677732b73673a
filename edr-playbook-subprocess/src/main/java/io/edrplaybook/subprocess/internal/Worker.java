package io.edrplaybook.subprocess.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Python worker process and its channel. One caller at a time exchanges frames with it; the
 * watchdog may kill it concurrently when a deadline passes, and the runner when it closes.
 *
 * <p>The caller reads the answer itself (no hand-off to another thread): killing the worker's
 * process group is what ends a read past the deadline, with end of stream.
 */
final class Worker implements Watchdog.Watched {
  private static final int IDLE = 0;
  private static final int BUSY = 1;
  private static final int EXPIRED = 2;
  private static final int CLOSED = 3;
  private static final int DEAD = 4;
  private static final long RESCUE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final int RESCUES = 3;

  private final WorkerFactory factory;
  private final Process process;
  private final OutputStream toWorker;
  private final FrameReader frames;
  private final StderrTail stderr;
  private final Path dir;
  private final AtomicInteger state = new AtomicInteger(IDLE);
  private final CompletableFuture<Void> killed = new CompletableFuture<>();
  private final Set<String> known = new HashSet<>();
  private final AtomicInteger retirement = new AtomicInteger();
  private volatile boolean reading;
  private volatile long deadline;
  private volatile long channelInode;
  private volatile long rescueAt;
  private volatile ProcWatch proc;
  private int tasks = 1;
  private int rescues;
  private int runs;
  private volatile String partition;

  private Worker(WorkerFactory factory, Process process, StderrTail stderr, Path dir) {
    this.factory = factory;
    this.process = process;
    this.dir = dir;
    this.toWorker = process.getOutputStream();
    this.frames = new FrameReader(process.getInputStream());
    this.stderr = stderr;
  }

  /** Starts a worker and waits for its hello, until {@code deadline} ({@link System#nanoTime}). */
  static Worker start(WorkerFactory factory, long deadline) throws IOException {
    Path dir = factory.newWorkerDir();
    Process process;
    try {
      process = factory.spawn(dir);
    } catch (IOException e) {
      ProcFs.delete(dir);
      throw e;
    }
    StderrTail stderr = new StderrTail(process.getErrorStream());
    factory.drains().execute(stderr);
    Worker worker = new Worker(factory, process, stderr, dir);
    factory.watchdog().watch(worker);
    Reply hello = worker.exchange(factory.initFrame(), null, deadline);
    if (hello.kind() != Reply.Kind.FRAME || !hello.frame().containsKey("hello")) {
      worker.kill();
      String why = switch (hello.kind()) {
        case TIMED_OUT -> "it did not answer in time";
        case CLOSED -> "the runner was closed";
        default -> hello.detail().isEmpty() ? "it answered " + hello.frame() : hello.detail();
      };
      throw new IOException("the Python worker did not start (" + factory.describe() + "): " + why
          + (hello.stderrTail().isBlank() ? "" : "; its stderr: " + hello.stderrTail().strip()));
    }
    if (hello.frame().get("channel") instanceof Number inode) {
      worker.channelInode = inode.longValue();
    }
    if (hello.frame().get("tasks") instanceof Number n) {
      worker.tasks = n.intValue();
    }
    worker.proc = ProcWatch.open(factory.namespace()
        ? ProcFs.onlyChild(ProcFs.onlyChild(process.pid())) : process.pid());
    if (worker.killed()) {  // closed meanwhile: kill() may have missed the watch
      worker.closeProc();
    }
    return worker;
  }

  /**
   * Sends one frame (ending in a newline) and reads the answer, which must echo {@code id} (null:
   * no id expected); the watchdog kills the worker if {@code killAt} ({@link System#nanoTime})
   * passes first. A run past its own deadline (in the frame) answers with a timeout report.
   */
  Reply exchange(byte[] request, String id, long killAt) {
    this.deadline = killAt;
    if (!state.compareAndSet(IDLE, BUSY)) {
      return state.get() == CLOSED ? Reply.of(Reply.Kind.CLOSED) : Reply.died("was already gone", "");
    }
    boolean answered;
    IOException failure = null;
    reading = true;
    try {
      toWorker.write(request);
      toWorker.flush();
      answered = frames.next();
    } catch (IOException e) {
      answered = false;
      failure = e;
    } finally {
      reading = false;
    }
    if (answered) {
      try {
        Map<String, Object> frame = factory.protocol().parse(frames.buffer(), frames.offset(),
            frames.length());
        if (id != null && !id.equals(frame.get("id"))) {
          throw new IOException("it sent a frame that does not answer the request (forged by the"
              + " script?)");
        }
        if ("timeout".equals(frame.get("status"))) {
          state.set(DEAD);
          kill();
          return Reply.timeoutReport(frame);
        }
        if (state.compareAndSet(BUSY, IDLE)) {
          return Reply.frame(frame);
        }
      } catch (IOException e) {
        failure = e;
      }
    }
    int s = state.get();
    if (s == EXPIRED || s == CLOSED) {
      awaitKilled();
      return Reply.of(s == EXPIRED ? Reply.Kind.TIMED_OUT : Reply.Kind.CLOSED);
    }
    state.set(DEAD);
    return died(failure);
  }

  /**
   * Checks from outside, after a run, that the worker is as it was: no thread and no process
   * left behind (a script could fool any check made inside the worker), and no frame nobody
   * asked for. Linux only; elsewhere only the last.
   */
  boolean clean() {
    ProcWatch p = proc;
    return quiet() && (p == null || p.clean(tasks));
  }

  /** Whether no frame arrived that nobody asked for (say, the real answer after a forged one). */
  boolean quiet() {
    try {
      return !frames.buffered() && process.getInputStream().available() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private Reply died(IOException failure) {
    String detail;
    if (failure != null && process.isAlive()) {
      detail = "broke the protocol (" + failure.getMessage() + ") and was killed";
    } else {
      detail = exitOf();
    }
    kill();
    stderr.awaitEnd(500);
    return Reply.died(detail, stderr.tail());
  }

  private String exitOf() {
    try {
      if (!process.waitFor(factory.graceMillis() / 2, TimeUnit.MILLISECONDS)) {
        return "closed its channel but did not exit, and was killed";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "could not be waited for";
    }
    return ExitStatus.describe(process.exitValue());
  }

  /**
   * Called by the watchdog every tick: kills the worker when a call is past its deadline, and if
   * the caller still waits on the channel after the kill (something that escaped the group holds
   * it open), kills whatever holds it, so the caller returns within the grace.
   *
   * @return whether the watchdog should keep watching this worker
   */
  @Override
  public boolean tick(long now) {
    int s = state.get();
    if (s == BUSY && now - deadline >= 0 && state.compareAndSet(BUSY, EXPIRED)) {
      rescueAt = now + RESCUE_NANOS;
      kill();
      return true;
    }
    if (reading && (s == EXPIRED || s == CLOSED)) {
      if (rescues < RESCUES && now - rescueAt >= 0) {
        ChannelHolders.kill(channelInode);
        rescues++;
        rescueAt = now + RESCUE_NANOS;
      }
      return true;
    }
    return !killed.isDone();
  }

  private void awaitKilled() {
    try {
      killed.get(factory.graceMillis() / 2, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // killing took too long; the caller still returns within the grace
    }
  }

  @Override
  public boolean killed() {
    return killed.isDone();
  }

  /** Kills the worker's process group and descendants. Idempotent. */
  @Override
  public void kill() {
    if (killed.isDone()) {
      return;
    }
    try {
      ProcessKiller.killTree(process);
    } finally {
      killed.complete(null);
      closeProc();
      ProcFs.delete(dir);
    }
  }

  private void closeProc() {
    ProcWatch p = proc;
    if (p != null) {
      p.close();
    }
  }

  /** The runner is closing: ends a call in flight as closed, then kills. */
  void close() {
    rescueAt = System.nanoTime() + RESCUE_NANOS;
    state.getAndSet(CLOSED);
    kill();
    if (reading) {
      ChannelHolders.kill(channelInode);  // the watchdog is about to stop: no later rescue
    }
  }

  /** Returns whether the worker can take another call. */
  boolean usable() {
    return state.get() == IDLE && process.isAlive();
  }

  /** The partition whose runs this worker serves; set once, by the pool. */
  String partition() {
    return partition;
  }

  void partition(String key) {
    this.partition = key;
  }

  /** Returns whether the worker has compiled (and cached) the script with {@code key}. */
  boolean knows(String key) {
    return known.contains(key);
  }

  void learned(String key) {
    known.add(key);
  }

  /** Counts a run; returns the runs so far. */
  int countRun() {
    return ++runs;
  }

  /** Marks the worker as due for replacement; returns false if it already was. */
  boolean markRetiring() {
    return retirement.compareAndSet(0, 1);
  }

  /** Its replacement is ready (or could not be started): it takes no more calls. */
  void markReplaced() {
    retirement.set(2);
  }

  boolean replaced() {
    return retirement.get() == 2;
  }

  @Override
  public String toString() {
    return "Worker[pid " + process.pid() + ", " + runs + " runs]";
  }
}
