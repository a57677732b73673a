package io.edrplaybook.core.internal.journal;

import io.edrplaybook.api.JournalException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-writer lock of a journal directory: an OS file lock on {@code journal.lock}, held while
 * the journal is open, released by the OS when the process dies. The file holds the pid of the
 * holder, for the refusal message.
 */
public final class DirectoryLock implements AutoCloseable {
  /**
   * The directories locked by this JVM. Checked before the lock file is touched: closing any
   * channel on a locked file releases the process's OS lock on it.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  private static JournalException inUse(Path dir, String holder) {
    return new JournalException("The file journal " + dir + " is already open for writing by "
        + (holder.isEmpty() ? "another journal" : "process " + holder)
        + " (in this process or another one): a file journal has one writer. Close the other one first,"
        + " or use the PostgreSQL journal to share one journal between several engines or hosts.");
  }

  /**
   * Takes the lock of {@code dir}.
   *
   * @throws JournalException when another writer, in this process or another, holds it
   */
  public static DirectoryLock take(Path dir) throws IOException {
    Path file = dir.resolve("journal.lock");
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new JournalException("The file journal " + dir + " cannot be opened: " + file + " is not a regular file");
    }
    Path key = dir.toRealPath();
    if (!HELD.add(key)) {
      throw inUse(dir, Long.toString(ProcessHandle.current().pid()));
    }
    FileChannel ch;
    FileLock lock;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      throw e;
    }
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      ch.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(ch);
      HELD.remove(key);
      ch.close();
      throw inUse(dir, holder);
    }
    ch.truncate(0);
    ByteBuffer pid = ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII));
    while (pid.hasRemaining()) {
      ch.write(pid, pid.position());
    }
    return new DirectoryLock(key, ch, lock);
  }

  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(32);
      int n = ch.read(b, 0);
      return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      try {
        channel.close();
      } finally {
        HELD.remove(key);
      }
    }
  }
}
