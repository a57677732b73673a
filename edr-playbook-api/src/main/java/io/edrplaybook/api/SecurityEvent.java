package io.edrplaybook.api;

import io.edrplaybook.api.internal.JsonValues;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What triggers a playbook: an event on a device, with its classification. Submitting the same
 * id again with another classification is a <em>reclassification</em>.
 *
 * <p>Build with {@link #builder()}, change one field with {@link #toBuilder()}: the canonical
 * constructor grows as the type does and is not part of the stable API.
 *
 * @param id the event id, unique across the host
 * @param organization the organization it belongs to
 * @param device the device it happened on
 * @param classification its current classification
 * @param time when it happened
 * @param details free-form details (JSON values), shown to scripts as {@code ctx["event"]["details"]}
 */
public record SecurityEvent(String id, String organization, Device device, Classification classification,
    Instant time, Map<String, Object> details) {

  /**
   * Validates and copies. Not part of the stable API: the parameter list grows with the type; use
   * {@link #builder()} or {@link #toBuilder()}.
   *
   * @throws InvalidEventException when a field is missing
   */
  public SecurityEvent {
    StringBuilder missing = new StringBuilder();
    if (id == null || id.isBlank()) {
      missing.append(" id");
    }
    if (organization == null || organization.isBlank()) {
      missing.append(" organization");
    }
    if (device == null) {
      missing.append(" device");
    }
    if (classification == null) {
      missing.append(" classification");
    }
    if (time == null) {
      missing.append(" time");
    }
    if (missing.length() > 0) {
      throw new InvalidEventException("Security event " + (id == null ? "" : "\"" + id + "\" ")
          + "is missing required fields:" + missing);
    }
    try {
      details = JsonValues.copy("details", details);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("Security event \"" + id + "\": " + e.getMessage());
    }
  }

  /** Returns this event with another classification: a reclassification when submitted. */
  public SecurityEvent reclassified(Classification newClassification) {
    Objects.requireNonNull(newClassification, "newClassification");
    return new SecurityEvent(id, organization, device, newClassification, time, details);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding every field of this event, to change some and build a new one. */
  public Builder toBuilder() {
    return new Builder().id(id).organization(organization).device(device).classification(classification)
        .time(time).details(details);
  }

  /** Builds a {@link SecurityEvent}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String organization;
    private Device device;
    private Classification classification;
    private Instant time = Instant.now();
    private Map<String, Object> details = Map.of();

    private Builder() {}

    /** Sets the id. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the organization. */
    public Builder organization(String organization) {
      this.organization = organization;
      return this;
    }

    /** Sets the device. */
    public Builder device(Device device) {
      this.device = device;
      return this;
    }

    /** Sets the device by name and collector group. */
    public Builder device(String name, String collectorGroup) {
      this.device = Device.of(name, collectorGroup, "", "");
      return this;
    }

    /** Sets the classification. */
    public Builder classification(Classification classification) {
      this.classification = classification;
      return this;
    }

    /** Sets the time (default: now). */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /** Sets the details. */
    public Builder details(Map<String, Object> details) {
      this.details = details;
      return this;
    }

    /**
     * Builds the event.
     *
     * @throws InvalidEventException when a field is missing
     */
    public SecurityEvent build() {
      return new SecurityEvent(id, organization, device, classification, time, details);
    }
  }
}
