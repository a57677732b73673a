package io.edrplaybook.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A loopback TCP port the kit's hanging scripts connect to when they start, so a case knows a
 * call is in flight without sleeping. Not API.
 */
final class StartSignals implements AutoCloseable {
  private static final int POLL_MILLIS = 200;

  private final ServerSocket server;
  private final List<Socket> accepted = new ArrayList<>();

  private StartSignals(ServerSocket server) {
    this.server = server;
  }

  static StartSignals open() {
    try {
      ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      s.setSoTimeout(POLL_MILLIS);
      return new StartSignals(s);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a loopback port for the kit's start signals", e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * Waits, at most {@code within}, until {@code n} calls have connected; fails at once, with its
   * error, when one of {@code calls} ended instead.
   */
  void await(int n, List<? extends Future<?>> calls, Duration within) throws IOException {
    long until = System.nanoTime() + within.toNanos();
    while (accepted.size() < n) {
      for (Future<?> call : calls) {
        if (call.isDone()) {
          fail("a hanging call ended before it started hanging: " + result(call));
        }
      }
      if (System.nanoTime() > until) {
        fail(accepted.size() + " of " + n + " hanging calls started within " + within
            + " (the HANG script connects to ctx['port'] when it starts)");
      }
      try {
        accepted.add(server.accept());
      } catch (SocketTimeoutException e) {
        // none yet: look at the calls again
      }
    }
  }

  private static String result(Future<?> call) {
    try {
      return String.valueOf(call.get());
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public void close() throws IOException {
    for (Socket s : accepted) {
      s.close();
    }
    server.close();
  }
}
