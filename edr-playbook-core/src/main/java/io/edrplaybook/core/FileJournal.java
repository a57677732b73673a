package io.edrplaybook.core;

import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.core.internal.journal.JournalCodec;
import io.edrplaybook.spi.ExecutionJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link ExecutionJournal}: one JSON line per state change, appended to a file. A run's
 * "started" line is written before its script starts and its result line after it ends, so an
 * engine opened on the file after a crash finds the runs that were in flight and records them as
 * interrupted. A torn last line (the host died mid-write) is reported and skipped, never fatal.
 * Entries hold no secrets: the engine masks them before appending. Thread-safe.
 */
public final class FileJournal implements ExecutionJournal {
  private static final Logger log = LoggerFactory.getLogger(FileJournal.class);

  /** When appended lines reach the disk. */
  public enum Sync {
    /** Written to the operating system at every append; survives a crash of the JVM (the default). */
    WRITE,
    /** Also forced to the device at every append ({@code fsync}); survives a power loss, slower. */
    FSYNC
  }

  private final Path path;
  private final Sync sync;
  private final FileChannel channel;
  private final List<HistoryEntry> entries = new ArrayList<>();
  private final Map<String, List<HistoryEntry>> byEvent = new HashMap<>();
  private final List<String> damaged = new ArrayList<>();
  private boolean closed;

  private FileJournal(Path path, Sync sync) {
    this.path = path;
    this.sync = sync;
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean needsNewline = load();
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      if (needsNewline) {
        // end the torn line so the next record starts on a line of its own
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
    } catch (IOException e) {
      throw new PlaybookException("Cannot open the journal " + path + ": " + e.getMessage(), e);
    }
  }

  /** Opens (or creates) the journal at {@code path}, writing each line to the OS at every append. */
  public static FileJournal open(Path path) {
    return open(path, Sync.WRITE);
  }

  /**
   * Opens (or creates) the journal at {@code path}.
   *
   * @throws PlaybookException when the file cannot be read or created
   */
  public static FileJournal open(Path path, Sync sync) {
    return new FileJournal(Objects.requireNonNull(path, "path"), Objects.requireNonNull(sync, "sync"));
  }

  /** Reads the file; returns whether it ends without a newline. */
  private boolean load() throws IOException {
    if (!Files.exists(path)) {
      return false;
    }
    byte[] bytes = Files.readAllBytes(path);
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        index(JournalCodec.decode(line));
      } catch (IllegalArgumentException e) {
        boolean last = i == lines.length - 1;
        String what = path + ", line " + (i + 1) + ": " + (last ? "torn last line (the host stopped mid-write), skipped: "
            : "unreadable line, skipped: ") + e.getMessage();
        damaged.add(what);
        log.warn("Journal {}", what);
      }
    }
    return bytes.length > 0 && bytes[bytes.length - 1] != '\n';
  }

  private void index(HistoryEntry e) {
    entries.add(e);
    byEvent.computeIfAbsent(e.eventId(), k -> new ArrayList<>()).add(e);
  }

  /** Returns the damaged lines found when the journal was opened (a torn last line, say). */
  public synchronized List<String> damagedLines() {
    return List.copyOf(damaged);
  }

  /** Returns the file. */
  public Path path() {
    return path;
  }

  @Override
  public synchronized void append(HistoryEntry entry) {
    Objects.requireNonNull(entry, "entry");
    if (closed) {
      throw new IllegalStateException("The journal " + path + " is closed");
    }
    byte[] line = (JournalCodec.encode(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      if (sync == Sync.FSYNC) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to the journal " + path, e);
    }
    index(entry);
  }

  @Override
  public synchronized List<HistoryEntry> history(String eventId) {
    return List.copyOf(byEvent.getOrDefault(Objects.requireNonNull(eventId, "eventId"), List.of()));
  }

  @Override
  public void replay(Consumer<HistoryEntry> sink) {
    List<HistoryEntry> copy;
    synchronized (this) {
      copy = List.copyOf(entries);
    }
    copy.forEach(sink);
  }

  /** Returns the ids of every event in the journal, in order of first appearance. */
  public synchronized List<String> eventIds() {
    return entries.stream().map(HistoryEntry::eventId).distinct().toList();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.force(false);
      channel.close();
    } catch (IOException e) {
      log.warn("Closing the journal {} failed: {}", path, e.toString());
    }
  }

  // ---- the run-state SPI: being rewritten (segmented, indexed file journal); not usable yet ----

  private static UnsupportedOperationException pending(String what) {
    return new UnsupportedOperationException("FileJournal." + what + " is not implemented yet");
  }

  @Override
  public io.edrplaybook.spi.Classified classify(io.edrplaybook.api.ClassificationChange change) {
    throw pending("classify");
  }

  @Override
  public java.util.Optional<io.edrplaybook.api.EventState> event(io.edrplaybook.api.EventKey event) {
    throw pending("event");
  }

  @Override
  public io.edrplaybook.spi.RunClaim claim(io.edrplaybook.api.Invocation invocation) {
    throw pending("claim");
  }

  @Override
  public boolean retake(io.edrplaybook.api.Invocation invocation,
      java.util.Set<io.edrplaybook.api.InvocationStatus> from) {
    throw pending("retake");
  }

  @Override
  public void release(io.edrplaybook.api.Invocation invocation) {
    throw pending("release");
  }

  @Override
  public java.util.Optional<io.edrplaybook.spi.RunClaim> claimOf(io.edrplaybook.api.RunKey key) {
    throw pending("claimOf");
  }

  @Override
  public void started(io.edrplaybook.api.InvocationStarted started) {
    append(started);
  }

  @Override
  public boolean finished(io.edrplaybook.api.InvocationResult result) {
    append(result);
    return true;
  }

  @Override
  public List<io.edrplaybook.api.InvocationResult> recoverInterrupted(java.time.Instant now) {
    throw pending("recoverInterrupted");
  }

  @Override
  public List<HistoryEntry> history(io.edrplaybook.api.EventKey event) {
    return history(event.eventId()).stream().filter(e -> e.organization().equals(event.organization())).toList();
  }

  @Override
  public long forgetBefore(java.time.Instant cutoff) {
    throw pending("forgetBefore");
  }
}
