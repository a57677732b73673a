package io.edrplaybook.core.internal.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A journal file, read and written at explicit positions through a {@link FileChannel} that an
 * interrupt cannot break for good. A thread interrupted while it uses a file channel closes the
 * channel for every thread (the JDK's rule for interruptible channels): one host thread cancelled
 * during a write or a flush would leave the journal failing until reopened. Here the operation
 * that found its channel closed by an interrupt opens the file again and is done again, on a thread
 * of the journal's own that nobody interrupts (the caller waits for it, and keeps its interrupt);
 * each operation is positional, so doing it twice writes the same bytes at the same place. Only
 * {@link #close} closes it for good.
 */
final class ReopeningFile implements Closeable {
  /** How often a retried operation opens the file again before it gives up (other threads interrupted again and again). */
  private static final int ATTEMPTS = 16;
  /**
   * Where operations are done again: a daemon thread per operation under way (so one stuck on a
   * hung disk delays no other journal's), started when needed, gone after 10 s without work.
   */
  private static final ExecutorService RETRIES = retries();

  private final Path path;
  private final Set<OpenOption> reopenOptions;
  /** What identifies the file opened (device and inode here); null where the file system has nothing. */
  private final Object fileKey;
  private volatile FileChannel channel;
  private volatile boolean closed;

  private ReopeningFile(Path path, FileChannel channel, Set<OpenOption> reopenOptions, Object fileKey) {
    this.path = path;
    this.channel = channel;
    this.reopenOptions = reopenOptions;
    this.fileKey = fileKey;
  }

  /**
   * Opens {@code path} as {@link FileChannel#open(Path, OpenOption...)} does. It is opened again
   * without creating or truncating it, without following a link, and only while {@code path} is
   * still the file first opened.
   */
  static ReopeningFile open(Path path, OpenOption... options) throws IOException {
    Set<OpenOption> again = new LinkedHashSet<>(Set.of(options));
    again.remove(StandardOpenOption.CREATE);
    again.remove(StandardOpenOption.CREATE_NEW);
    again.remove(StandardOpenOption.TRUNCATE_EXISTING);
    again.add(LinkOption.NOFOLLOW_LINKS);
    FileChannel channel = FileChannel.open(path, options);
    try {
      return new ReopeningFile(path, channel, Set.copyOf(again), fileKey(path));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  private static ExecutorService retries() {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "edr-playbook-journal-retry");
      t.setDaemon(true);
      return t;
    });
  }

  /** An operation on the channel. */
  private interface Op<T> {
    T on(FileChannel ch) throws IOException;
  }

  private <T> T run(Op<T> op, Runnable undo) throws IOException {
    try {
      return op.on(channel);
    } catch (ClosedChannelException e) {
      if (closed) {
        throw e;
      }
      // closed by an interrupt (of this thread or of another one using it): open it again and do
      // the operation again on a thread nobody interrupts, this one waiting for it
      boolean interrupted = Thread.interrupted();
      try {
        return again(op, undo);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private <T> T again(Op<T> op, Runnable undo) throws IOException {
    Future<T> done = RETRIES.submit(() -> {
      for (int attempt = 1; ; attempt++) {
        undo.run(); // what the failed attempt moved of the caller's buffer
        FileChannel ch = channel;
        try {
          return op.on(ch);
        } catch (ClosedChannelException e) { // the interrupt's closing, or another's since
          if (closed || attempt == ATTEMPTS) {
            throw e;
          }
          reopen(ch);
        }
      }
    });
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return done.get();
        } catch (InterruptedException e) {
          interrupted = true; // the operation is under way: it ends on its own
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IOException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void reopen(FileChannel failed) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    if (channel == failed) {
      FileChannel fresh = FileChannel.open(path, reopenOptions.toArray(OpenOption[]::new));
      if (fileKey != null && !fileKey.equals(fileKey(path))) {
        fresh.close();
        throw new IOException(path + " is no longer the file the journal opened (it was replaced), so the journal"
            + " neither reads nor writes it");
      }
      channel = fresh;
    }
  }

  /** Reads into {@code dst} from file position {@code position}; see {@link FileChannel#read(ByteBuffer, long)}. */
  int read(ByteBuffer dst, long position) throws IOException {
    int at = dst.position();
    return run(ch -> ch.read(dst, position), () -> dst.position(at));
  }

  /** Writes {@code src} at file position {@code position}; see {@link FileChannel#write(ByteBuffer, long)}. */
  int write(ByteBuffer src, long position) throws IOException {
    int at = src.position();
    return run(ch -> ch.write(src, position), () -> src.position(at));
  }

  /** Forces the file's changes to the device; see {@link FileChannel#force(boolean)}. */
  void force(boolean metaData) throws IOException {
    run(ch -> {
      ch.force(metaData);
      return null;
    }, () -> { });
  }

  /** Cuts the file to {@code size} bytes; see {@link FileChannel#truncate(long)}. */
  void truncate(long size) throws IOException {
    run(ch -> ch.truncate(size), () -> { });
  }

  /** The file's size now. */
  long size() throws IOException {
    return run(FileChannel::size, () -> { });
  }

  /** Maps part of the file; the mapping stays valid whatever happens to the channel afterwards. */
  MappedByteBuffer map(FileChannel.MapMode mode, long position, long size) throws IOException {
    return run(ch -> ch.map(mode, position, size), () -> { });
  }

  /** Closes the file for good: later operations throw {@link ClosedChannelException}. */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
