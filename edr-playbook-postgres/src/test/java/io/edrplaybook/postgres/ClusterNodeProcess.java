package io.edrplaybook.postgres;

import io.edrplaybook.api.Classification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test's handle on one {@link ClusterNode} child JVM: sends it commands, completes a future
 * per answer, keeps a bounded number of submissions in flight, and can {@code kill -9} it.
 */
final class ClusterNodeProcess implements AutoCloseable {
  /** An answer to a submission: done (with the statuses of its runs) or failed (with why). */
  record Reply(boolean done, String text) {}

  private static final AtomicLong SEQ = new AtomicLong();
  private static final int WINDOW = 128;

  final Path ledger;
  final Path log;
  private final Process process;
  private final Writer in;
  private final Map<String, CompletableFuture<Reply>> submissions = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<String>> histories = new ConcurrentHashMap<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> bye = new CompletableFuture<>();
  private final Semaphore window = new Semaphore(WINDOW);

  private ClusterNodeProcess(Process process, Path ledger, Path log) {
    this.process = process;
    this.ledger = ledger;
    this.log = log;
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "cluster-node-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a node on {@code url}; its ledger and log go to {@code dir}. */
  static ClusterNodeProcess start(String url, Path dir, String name, long heartbeatMillis, long deadAfterMillis) {
    Path ledger = dir.resolve(name + ".ledger");
    Path log = dir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        ClusterNode.class.getName(), url, ledger.toString(), Long.toString(heartbeatMillis),
        Long.toString(deadAfterMillis));
    pb.redirectError(log.toFile());
    try {
      return new ClusterNodeProcess(pb.start(), ledger, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a cluster node", e);
    }
  }

  /** Waits until the node's engine is built; returns its engine id. */
  String awaitReady() {
    try {
      return ready.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("node did not start within 90 s; see " + log, e);
    }
  }

  /** Submits an event; waits while {@link #WINDOW} submissions are in flight. */
  CompletableFuture<Reply> submit(String eventId, Classification c, String group) {
    try {
      if (!window.tryAcquire(120, TimeUnit.SECONDS)) {
        throw new AssertionError("node " + process.pid() + " answered nothing for 120 s; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String n = Long.toString(SEQ.incrementAndGet());
    CompletableFuture<Reply> f = new CompletableFuture<>();
    f.whenComplete((r, e) -> window.release());
    submissions.put(n, f);
    send("submit " + n + " " + eventId + " " + c.name() + " " + group);
    return f;
  }

  /** Returns the digest and size of an event's history as this node's journal reads it. */
  CompletableFuture<String> history(String eventId) {
    CompletableFuture<String> f = histories.computeIfAbsent(eventId, k -> new CompletableFuture<>());
    send("history " + eventId);
    return f;
  }

  /** kill -9. */
  void kill() {
    process.destroyForcibly(); // SIGKILL on Linux
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the engine and waits for the JVM to end. */
  void quit() {
    send("quit");
    try {
      bye.get(60, TimeUnit.SECONDS);
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("node did not stop within 60 s; see " + log, e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    submissions.values().forEach(f -> f.completeExceptionally(new IllegalStateException("node closed")));
  }

  private synchronized void send(String line) {
    try {
      in.write(line + "\n");
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("node " + process.pid() + " does not take commands; see " + log, e);
    }
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] w = line.split(" ", 3);
        switch (w[0]) {
          case "ready" -> ready.complete(w[1]);
          case "done", "fail" -> {
            CompletableFuture<Reply> f = submissions.remove(w[1]);
            if (f != null) {
              f.complete(new Reply(w[0].equals("done"), w.length > 2 ? w[2] : ""));
            }
          }
          case "history" -> {
            String[] h = line.split(" ", 3);
            CompletableFuture<String> f = histories.remove(h[1]);
            if (f != null) {
              f.complete(h[2]);
            }
          }
          case "bye" -> bye.complete(null);
          default -> { }
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      IllegalStateException gone = new IllegalStateException("node ended; see " + log);
      ready.completeExceptionally(gone);
      submissions.values().forEach(f -> f.completeExceptionally(gone));
      histories.values().forEach(f -> f.completeExceptionally(gone));
    }
  }
}
