package io.edrplaybook.subprocess.internal;

import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Checks one worker process from {@code /proc} (Linux) after every run: no more threads than it
 * started with, and no child process. The two files it reads ({@code stat} and the main thread's
 * {@code children}) are opened once, when the worker starts, and re-read from their beginning
 * (the kernel regenerates them on every read): a check is two seeks and two reads, with no path
 * lookup and no allocation. A file held open stays bound to the process it was opened for, so a
 * recycled pid can never be checked in the worker's place: once the worker is gone, every check
 * fails. One caller at a time (the one that holds the worker).
 */
final class ProcWatch implements AutoCloseable {
  /** Spaces after comm's closing parenthesis before num_threads (field 20 of stat). */
  private static final int SPACES_BEFORE_THREADS = 18;

  private final RandomAccessFile stat;
  private final RandomAccessFile children;
  private final byte[] buf = new byte[1024];

  private ProcWatch(RandomAccessFile stat, RandomAccessFile children) {
    this.stat = stat;
    this.children = children;
  }

  /**
   * Opens the files of process {@code pid}; null when {@code /proc} cannot tell (not Linux, or no
   * such process). {@code children} may be missing (a kernel built without it): then only threads
   * are checked.
   */
  static ProcWatch open(long pid) {
    if (pid <= 0) {
      return null;
    }
    RandomAccessFile stat;
    try {
      stat = new RandomAccessFile("/proc/" + pid + "/stat", "r");
    } catch (IOException | RuntimeException e) {
      return null;
    }
    RandomAccessFile children;
    try {
      children = new RandomAccessFile("/proc/" + pid + "/task/" + pid + "/children", "r");
    } catch (IOException | RuntimeException e) {
      children = null;
    }
    return new ProcWatch(stat, children);
  }

  /** Whether the process has at most {@code tasks} threads and no child process; false once it is gone. */
  boolean clean(int tasks) {
    try {
      int n = readAll(stat);
      int close = n - 1;
      while (close >= 0 && buf[close] != ')') {
        close--;
      }
      if (close < 0) {
        return false;
      }
      int i = close + 1;  // at the space before the state field (field 3)
      for (int spaces = 0; spaces < SPACES_BEFORE_THREADS && i < n; i++) {
        if (buf[i] == ' ') {
          spaces++;
        }
      }
      int i0 = i;
      long threads = 0;
      for (; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) {
        threads = threads * 10 + (buf[i] - '0');
      }
      if (i == i0 || threads > tasks) {
        return false;
      }
      if (children == null) {
        return true;
      }
      int m = readAll(children);
      for (int k = 0; k < m; k++) {
        if (buf[k] >= '0' && buf[k] <= '9') {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;  // the process is gone (ESRCH), or the watch was closed
    }
  }

  /** Reads {@code file} from its beginning into buf, as far as it fits; returns the bytes read. */
  private int readAll(RandomAccessFile file) throws IOException {
    file.seek(0);
    int n = 0;
    int r;
    while (n < buf.length && (r = file.read(buf, n, buf.length - n)) > 0) {
      n += r;
    }
    return n;
  }

  @Override
  public void close() {
    try {
      stat.close();
    } catch (IOException e) {
      // nothing to do
    }
    if (children != null) {
      try {
        children.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
