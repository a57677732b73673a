package io.edrplaybook.testkit;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.Organization;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.SecurityEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds an event for a {@link PlaybookTestKit} ({@link PlaybookTestKit#newEvent}): a
 * {@link SecurityEvent.Builder} that knows the configuration under test, so that an event that
 * names no organization gets the one its device's collector group implies.
 *
 * <p>At {@link #build()}, an event without an organization gets the configuration's only
 * organization; with several, the only one with a playbook for the device's collector group, or,
 * when no playbook lists that group (or the device has none), the only one with a default
 * playbook. When that leaves more than one (or none), {@code build()} fails saying which
 * organizations could apply and to set one with {@link #organization(String)}. Not thread-safe.
 */
public final class TestEventBuilder {
  private final Configuration configuration;
  private final SecurityEvent.Builder event = SecurityEvent.builder();
  private String id;
  private String organization;
  private Device device;

  TestEventBuilder(Configuration configuration, String id, Classification classification) {
    this.configuration = configuration;
    id(id).classification(classification).device(Device.of("TEST-DEVICE", "", "10.0.0.99", ""))
        .time(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Sets the id. */
  public TestEventBuilder id(String id) {
    this.id = id;
    event.id(id);
    return this;
  }

  /** Sets the organization (default: the one the configuration and the device imply, see the class doc). */
  public TestEventBuilder organization(String organization) {
    this.organization = organization;
    return this;
  }

  /** Sets the device (default {@code TEST-DEVICE}, address {@code 10.0.0.99}, in no collector group). */
  public TestEventBuilder device(Device device) {
    this.device = Objects.requireNonNull(device, "device");
    event.device(device);
    return this;
  }

  /** Sets the device by name and collector group. */
  public TestEventBuilder device(String name, String collectorGroup) {
    return device(Device.of(name, collectorGroup, "", ""));
  }

  /** Sets the classification. */
  public TestEventBuilder classification(Classification classification) {
    event.classification(classification);
    return this;
  }

  /** Sets the time (default 2026-01-01T00:00:00Z). */
  public TestEventBuilder time(Instant time) {
    event.time(time);
    return this;
  }

  /** Sets the details. */
  public TestEventBuilder details(Map<String, Object> details) {
    event.details(details);
    return this;
  }

  /**
   * Builds the event, with the implied organization when none was set.
   *
   * @throws IllegalStateException when none was set and the configuration implies none or several
   * @throws io.edrplaybook.api.InvalidEventException when another required field is missing
   */
  public SecurityEvent build() {
    return event.organization(organization != null ? organization : impliedOrganization()).build();
  }

  private String impliedOrganization() {
    TreeSet<String> all = new TreeSet<>();
    configuration.organizations().stream().map(Organization::name).forEach(all::add);
    if (all.size() == 1) {
      return all.first();
    }
    String group = device == null ? "" : device.collectorGroup();
    TreeSet<String> byGroup = new TreeSet<>();
    TreeSet<String> byDefault = new TreeSet<>();
    for (Playbook p : configuration.playbooks()) {
      if (!group.isEmpty() && p.collectorGroups().contains(group)) {
        byGroup.add(p.organization());
      }
      if (p.isDefault()) {
        byDefault.add(p.organization());
      }
    }
    TreeSet<String> candidates = byGroup.isEmpty() ? byDefault : byGroup;
    if (candidates.size() == 1) {
      return candidates.first();
    }
    String why = !byGroup.isEmpty()
        ? "collector group \"" + group + "\" has a playbook in " + byGroup
        : (group.isEmpty() ? "the device is in no collector group" : "no playbook lists collector group \""
            + group + "\"") + ", and " + (byDefault.isEmpty() ? "no organization has a default playbook"
            : byDefault + " have a default playbook");
    String example = (candidates.isEmpty() ? all : candidates).isEmpty() ? "acme"
        : (candidates.isEmpty() ? all : candidates).first();
    throw new IllegalStateException("event \"" + id + "\" names no organization and the configuration"
        + " implies none: it has organizations " + all + "; " + why + ". Set one with"
        + " newEvent(...).organization(\"" + example + "\")");
  }
}
