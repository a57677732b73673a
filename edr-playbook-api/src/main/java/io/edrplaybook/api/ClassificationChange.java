package io.edrplaybook.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An event received a classification: its first, or a reclassification.
 *
 * @param eventId the event
 * @param organization the event's organization
 * @param classification the new classification
 * @param previous the classification before, empty for the first one
 * @param time when the engine recorded it
 * @param playbook the playbook that applied, empty when none did
 * @param note why that playbook applied, or why none did (e.g. {@code no playbook applies: ...})
 */
public record ClassificationChange(String eventId, String organization, Classification classification,
    Optional<Classification> previous, Instant time, Optional<String> playbook, String note)
    implements HistoryEntry {

  /** Validates. */
  public ClassificationChange {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(playbook, "playbook");
    note = note == null ? "" : note;
  }

  /** Returns whether this is a reclassification. */
  public boolean isReclassification() {
    return previous.isPresent();
  }
}
