package io.edrplaybook.spi;

import io.edrplaybook.api.HistoryEntry;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the engine keeps every event's history: classifications, runs started, runs ended.
 * The in-memory journal is the default; a durable journal keeps history across restarts, and an
 * engine started on it knows what already ran. Implementations must be thread-safe.
 */
public interface ExecutionJournal extends AutoCloseable {

  /**
   * Appends an entry. A durable journal has written it (per its sync policy) when this returns.
   *
   * @param entry the entry; never null; secrets already masked
   */
  void append(HistoryEntry entry);

  /**
   * Returns one event's entries in the order they were appended.
   *
   * @param eventId the event; never null
   * @return the entries; empty when the event is unknown
   */
  List<HistoryEntry> history(String eventId);

  /**
   * Hands every entry, in append order, to {@code sink}: how an engine learns at start what
   * already ran. The in-memory journal of a new engine has nothing to replay.
   *
   * @param sink receives each entry; never null
   */
  void replay(Consumer<HistoryEntry> sink);

  /** Flushes and releases the journal. Idempotent. */
  @Override
  default void close() {}
}
