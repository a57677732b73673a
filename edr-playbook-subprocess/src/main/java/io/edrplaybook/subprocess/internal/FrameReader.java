package io.edrplaybook.subprocess.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-delimited frames from a worker into one reusable buffer: no per-frame copy.
 * Used by one thread at a time.
 */
final class FrameReader {
  /** A frame larger than this ends the worker: a script returned something absurd. */
  static final int MAX_FRAME = 64 * 1024 * 1024;

  private final InputStream in;
  private byte[] buf = new byte[16 * 1024];
  private int start;
  private int end;
  private int frameStart;
  private int frameLength;

  FrameReader(InputStream in) {
    this.in = in;
  }

  /**
   * Reads the next frame.
   *
   * @return false at end of stream
   * @throws IOException when reading fails or the frame exceeds {@link #MAX_FRAME}
   */
  boolean next() throws IOException {
    int scanFrom = start;
    while (true) {
      for (int i = scanFrom; i < end; i++) {
        if (buf[i] == '\n') {
          frameStart = start;
          frameLength = i - start;
          start = i + 1;
          return true;
        }
      }
      scanFrom = end - start;
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
      if (end == buf.length) {
        if (buf.length >= MAX_FRAME) {
          throw new IOException("a response frame exceeded " + MAX_FRAME + " bytes");
        }
        buf = Arrays.copyOf(buf, Math.min(MAX_FRAME, buf.length * 2));
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        return false;
      }
      end += n;
    }
  }

  /** Whether bytes past the last frame were read already (a frame nobody asked for). */
  boolean buffered() {
    return end > start;
  }

  byte[] buffer() {
    return buf;
  }

  int offset() {
    return frameStart;
  }

  int length() {
    return frameLength;
  }
}
