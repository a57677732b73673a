package io.edrplaybook.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread that uses a file channel while interrupted closes it (ClosedByInterruptException); the
 * journal's files open again and do the operation again, and the caller keeps its interrupt.
 */
class ReopeningFileTest {
  @TempDir
  Path dir;
  private Path path;
  private ReopeningFile file;

  @BeforeEach
  void open() throws IOException {
    path = dir.resolve("00000000000000000000.seg");
    file = ReopeningFile.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    file.write(bytes("hello world"), 0);
  }

  @AfterEach
  void close() throws IOException {
    Thread.interrupted();
    file.close();
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anInterruptedCallersWriteIsWrittenWholeAndItKeepsItsInterrupt() throws IOException {
    Thread.currentThread().interrupt();
    assertEquals(6, file.write(bytes(" again"), 11));
    assertTrue(Thread.interrupted(), "the caller keeps its interrupt");
    assertEquals("hello world again", Files.readString(path));
  }

  @Test
  void anInterruptedCallersReadFillsTheBufferFromTheSamePlace() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(5);
    Thread.currentThread().interrupt();
    assertEquals(5, file.read(b, 6));
    assertTrue(Thread.interrupted(), "the caller keeps its interrupt");
    assertArrayEquals("world".getBytes(StandardCharsets.US_ASCII), b.array());
  }

  @Test
  void forceTruncateSizeAndMapGoThroughForAnInterruptedCaller() throws IOException {
    Thread.currentThread().interrupt();
    file.force(false);
    file.truncate(5);
    assertEquals(5, file.size());
    MappedByteBuffer m = file.map(FileChannel.MapMode.READ_ONLY, 0, 5);
    assertTrue(Thread.interrupted(), "the caller keeps its interrupt");
    assertEquals('h', m.get(0));
    assertEquals("hello", Files.readString(path));
  }

  @Test
  void theFileIsOpenedAgainWithoutCreatingOrTruncatingIt() throws IOException {
    // opened with CREATE_NEW: opening it again so would fail; with TRUNCATE_EXISTING it would lose "hello world"
    Thread.currentThread().interrupt();
    assertEquals(11, file.size());
    Thread.interrupted();
    file.write(bytes("!"), 11);
    assertEquals("hello world!", Files.readString(path));
  }

  @Test
  void otherThreadsKeepUsingTheFileAfterAnInterruptedOneClosedItsChannel() throws Exception {
    Thread interrupted = new Thread(() -> {
      Thread.currentThread().interrupt();
      try {
        file.force(false);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    interrupted.start();
    interrupted.join(10_000);
    assertFalse(interrupted.isAlive());
    file.write(bytes("!"), 11);
    assertEquals("hello world!", Files.readString(path));
  }

  @Test
  void aFileThatCannotBeOpenedAgainFailsTheOperationSayingWhy() throws IOException {
    Files.delete(path); // the open channel still reads it; opening it again finds nothing
    Thread.currentThread().interrupt();
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> file.size());
    assertEquals(path.toString(), e.getFile());
    assertTrue(Thread.interrupted(), "the caller keeps its interrupt");
  }

  @Test
  void aFileReplacedSinceItWasOpenedIsNeverWrittenThrough() throws IOException {
    Path other = dir.resolve("other");
    Files.writeString(other, "someone else's");
    Files.move(other, path, StandardCopyOption.REPLACE_EXISTING);
    Thread.currentThread().interrupt();
    IOException e = assertThrows(IOException.class, () -> file.write(bytes("!"), 0));
    assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    assertTrue(Thread.interrupted(), "the caller keeps its interrupt");
    assertEquals("someone else's", Files.readString(path));
  }

  @Test
  void aLinkPutInPlaceOfTheFileIsNotFollowed() throws IOException {
    Path target = dir.resolve("target");
    Files.writeString(target, "elsewhere");
    Files.delete(path);
    Files.createSymbolicLink(path, target);
    Thread.currentThread().interrupt();
    assertThrows(IOException.class, () -> file.write(bytes("!"), 0));
    Thread.interrupted();
    assertEquals("elsewhere", Files.readString(target));
  }

  @Test
  void aClosedFileStaysClosed() throws IOException {
    file.close();
    assertThrows(ClosedChannelException.class, () -> file.write(bytes("!"), 11));
    Thread.currentThread().interrupt();
    assertThrows(ClosedChannelException.class, () -> file.size());
    assertTrue(Thread.interrupted(), "the caller keeps its interrupt");
    assertEquals("hello world", Files.readString(path));
  }
}
