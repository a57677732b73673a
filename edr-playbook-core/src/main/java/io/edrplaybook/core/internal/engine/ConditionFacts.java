package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.SecurityEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a row's condition may read of one event: the event itself and its classification history.
 * The list of every classification received is read (from the journal) only when a condition asks
 * for it, and at most once. Not thread-safe; one per evaluation.
 */
public final class ConditionFacts {
  private final SecurityEvent event;
  private final Optional<Classification> previous;
  private final Supplier<List<Classification>> received;
  private List<Classification> receivedRead;

  /**
   * Creates the facts of {@code event}.
   *
   * @param previous its classification before the current one
   * @param received every classification it has received, the current one included
   */
  public ConditionFacts(SecurityEvent event, Optional<Classification> previous,
      Supplier<List<Classification>> received) {
    this.event = Objects.requireNonNull(event, "event");
    this.previous = Objects.requireNonNull(previous, "previous");
    this.received = Objects.requireNonNull(received, "received");
  }

  /** Returns the event. */
  public SecurityEvent event() {
    return event;
  }

  /** Returns its classification before the current one. */
  public Optional<Classification> previous() {
    return previous;
  }

  /** Returns every classification it has received, the current one included, read once. */
  public List<Classification> received() {
    if (receivedRead == null) {
      receivedRead = received.get();
    }
    return receivedRead;
  }
}
