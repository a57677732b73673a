package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.PlaybookListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each history entry to the journal, then tells the listeners. A journal or a listener
 * that fails is logged and does not stop the engine. Thread-safe when the journal is.
 */
public final class Recorder {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final ExecutionJournal journal;
  private final List<PlaybookListener> listeners;

  /** Creates a recorder. */
  public Recorder(ExecutionJournal journal, List<PlaybookListener> listeners) {
    this.journal = journal;
    this.listeners = List.copyOf(listeners);
  }

  /** Records {@code entry}; its secrets are already masked. */
  public void record(HistoryEntry entry) {
    try {
      journal.append(entry);
    } catch (RuntimeException e) {
      log.error("The journal refused an entry for event {}: {}", entry.eventId(), e.toString());
    }
    for (PlaybookListener l : listeners) {
      try {
        if (entry instanceof ClassificationChange c) {
          l.onClassification(c);
        } else if (entry instanceof InvocationStarted s) {
          l.onStarted(s);
        } else if (entry instanceof InvocationResult r) {
          l.onFinished(r);
        }
      } catch (RuntimeException e) {
        log.warn("Listener {} failed: {}", l.getClass().getName(), e.toString());
      }
    }
  }
}
