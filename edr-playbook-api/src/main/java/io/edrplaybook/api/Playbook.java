package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A playbook policy: the automated response plan applied to devices of some collector groups (or,
 * for the organization's default playbook, to every group without an assignment). Rows are
 * actions, columns are classifications. An action without a row here is offered, unselected: see
 * {@link Configuration#policy(String, String)}. Immutable and thread-safe.
 *
 * <p>Build with {@link #builder()}, change one field with {@link #toBuilder()}: the canonical
 * constructor grows as the type does and is not part of the stable API.
 *
 * @param organization the organization it belongs to
 * @param name its name, unique in its organization
 * @param isDefault whether it is the organization's default playbook (at most one is)
 * @param collectorGroups the collector groups assigned to it; a group is assigned to at most one
 *     playbook
 * @param rules its rows, at most one per action
 */
public record Playbook(String organization, String name, boolean isDefault, Set<String> collectorGroups,
    List<PlaybookRule> rules) {

  /**
   * Validates and copies. Not part of the stable API: the parameter list grows with
   * the type; use {@link #builder()} or {@link #toBuilder()}.
   */
  public Playbook {
    Problems p = new Problems();
    p.text("organization", organization);
    p.text("name", name);
    collectorGroups = collectorGroups == null ? Set.of()
        : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(collectorGroups));
    rules = rules == null ? List.of() : rules;
    Set<String> actions = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      PlaybookRule r = rules.get(i);
      if (r == null) {
        p.add("rules[" + i + "]", "must not be null; add a row with Playbook.Builder.rule");
      } else if (!actions.add(r.action())) {
        p.add("rules[" + i + "].action", "\"" + r.action() + "\" has a row already; one row per action");
      }
    }
    p.throwIfAny(Problems.subject("playbook", name, organization));
    rules = List.copyOf(rules);
  }

  /** Returns the row of {@code action}, if the playbook has one. */
  public Optional<PlaybookRule> rule(String action) {
    Objects.requireNonNull(action, "action");
    return rules.stream().filter(r -> r.action().equals(action)).findFirst();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding every field of this playbook, to change some and build a new one. */
  public Builder toBuilder() {
    Builder b = new Builder().organization(organization).name(name).isDefault(isDefault)
        .collectorGroups(collectorGroups.toArray(String[]::new));
    rules.forEach(b::rule);
    return b;
  }

  /** Builds a {@link Playbook}. Not thread-safe. */
  public static final class Builder {
    private String organization;
    private String name;
    private boolean isDefault;
    private final Set<String> collectorGroups = new LinkedHashSet<>();
    private final List<PlaybookRule> rules = new ArrayList<>();

    private Builder() {}

    /** Sets the organization. */
    public Builder organization(String organization) {
      this.organization = organization;
      return this;
    }

    /** Sets the name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Makes it the organization's default playbook. */
    public Builder isDefault(boolean isDefault) {
      this.isDefault = isDefault;
      return this;
    }

    /** Assigns collector groups to it. */
    public Builder collectorGroups(String... groups) {
      collectorGroups.addAll(List.of(groups));
      return this;
    }

    /** Removes every collector group, e.g. to assign others after {@link Playbook#toBuilder()}. */
    public Builder clearCollectorGroups() {
      collectorGroups.clear();
      return this;
    }

    /** Removes every row, e.g. to add others after {@link Playbook#toBuilder()}. */
    public Builder clearRules() {
      rules.clear();
      return this;
    }

    /** Removes the row of {@code action}, if there is one. */
    public Builder removeRule(String action) {
      rules.removeIf(r -> r.action().equals(action));
      return this;
    }

    /** Adds a row. */
    public Builder rule(PlaybookRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Adds a row running {@code action} on {@code connectors} for {@code classifications}. */
    public Builder rule(PlaybookSection section, String action, ConnectorSelection connectors,
        Classification... classifications) {
      return rule(PlaybookRule.of(section, action, connectors, classifications));
    }

    /**
     * Builds the playbook.
     *
     * @throws ConfigurationException listing every problem
     */
    public Playbook build() {
      return new Playbook(organization, name, isDefault, collectorGroups, rules);
    }
  }
}
