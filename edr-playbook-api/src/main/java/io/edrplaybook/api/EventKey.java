package io.edrplaybook.api;

import java.util.Objects;

/**
 * The identity of a security event: its organization and its id. The same id in two
 * organizations names two different events; nothing of one is ever taken for the other.
 *
 * @param organization the event's organization; never null
 * @param eventId the event's id within that organization; never null
 */
public record EventKey(String organization, String eventId) {

  /** Validates. */
  public EventKey {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(eventId, "eventId");
  }

  /** Returns the key of {@code event}. */
  public static EventKey of(SecurityEvent event) {
    return new EventKey(event.organization(), event.id());
  }

  @Override
  public String toString() {
    return organization + "/" + eventId;
  }
}
