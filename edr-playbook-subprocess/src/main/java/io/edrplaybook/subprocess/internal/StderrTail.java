package io.edrplaybook.subprocess.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drains a worker's stderr (where its fd 1 goes too) for the worker's whole life, so a chatty
 * worker never blocks on a full pipe, and keeps the last bytes for crash reports. Nothing it
 * reads is logged: script output may hold secrets.
 */
final class StderrTail implements Runnable {
  private static final int KEEP = 8 * 1024;

  private final InputStream in;
  private final byte[] ring = new byte[KEEP];
  private final CountDownLatch ended = new CountDownLatch(1);
  private long total;

  StderrTail(InputStream in) {
    this.in = in;
  }

  @Override
  public void run() {
    byte[] chunk = new byte[64 * 1024];
    try (in) {
      for (int n; (n = in.read(chunk)) >= 0; ) {
        append(chunk, n);
      }
    } catch (IOException e) {
      // the worker is gone; what was read is kept
    } finally {
      ended.countDown();
    }
  }

  private synchronized void append(byte[] chunk, int n) {
    int from = Math.max(0, n - KEEP);
    total += from;
    for (int i = from; i < n; i++) {
      ring[(int) (total++ % KEEP)] = chunk[i];
    }
  }

  /** Waits up to {@code millis} for the stream to end; returns whether it did. */
  boolean awaitEnd(long millis) {
    try {
      return ended.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Returns the last bytes read, decoded as UTF-8 (invalid bytes replaced). */
  synchronized String tail() {
    int size = (int) Math.min(total, KEEP);
    byte[] out = new byte[size];
    long start = total - size;
    for (int i = 0; i < size; i++) {
      out[i] = ring[(int) ((start + i) % KEEP)];
    }
    String text = new String(out, StandardCharsets.UTF_8);
    return total > KEEP ? "[... " + (total - KEEP) + " earlier bytes not kept]\n" + text : text;
  }
}
