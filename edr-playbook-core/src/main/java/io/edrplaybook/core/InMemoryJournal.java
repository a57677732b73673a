package io.edrplaybook.core;

import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.spi.ExecutionJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The default {@link ExecutionJournal}: history kept in memory, lost with the process. Share one
 * instance between two engines (one after the other) and the second knows what the first ran.
 * Thread-safe.
 */
public final class InMemoryJournal implements ExecutionJournal {
  private final Map<String, List<HistoryEntry>> byEvent = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<HistoryEntry> all = new ConcurrentLinkedQueue<>();

  /** Creates an empty journal. */
  public InMemoryJournal() {}

  @Override
  public void append(HistoryEntry entry) {
    Objects.requireNonNull(entry, "entry");
    List<HistoryEntry> list = byEvent.computeIfAbsent(entry.eventId(), k -> new ArrayList<>());
    synchronized (list) {
      list.add(entry);
    }
    all.add(entry);
  }

  @Override
  public List<HistoryEntry> history(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    List<HistoryEntry> list = byEvent.get(eventId);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  @Override
  public void replay(Consumer<HistoryEntry> sink) {
    Objects.requireNonNull(sink, "sink");
    all.forEach(sink);
  }

  /** Returns how many entries the journal holds. */
  public int size() {
    return all.size();
  }
}
