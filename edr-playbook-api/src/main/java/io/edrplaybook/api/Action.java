package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Something that can be done in a third-party system: <em>IM Notification</em>, <em>Block
 * Address</em>. It has one or several scripts (a Slack one and a Teams one, say); each connector
 * that performs it binds one of them. Defining an action makes it an option in every playbook,
 * selected in none. Immutable and thread-safe.
 *
 * <p>Build with {@link #builder()}, change one field with {@link #toBuilder()}: the canonical
 * constructor grows as the type does and is not part of the stable API.
 *
 * @param organization the organization it belongs to
 * @param name its name, unique in its organization
 * @param description what it does, shown to the script as {@code ctx["action"]["description"]}
 * @param scripts its scripts, at least one, names unique
 * @param timeout the deadline of each run; empty for the engine's default
 * @param retry how failed runs are retried
 * @param idempotent whether running it twice does no harm: then a timed-out run may be retried
 *     and a run interrupted by a crash of the host is run again
 */
public record Action(String organization, String name, String description,
    List<ActionScript> scripts, Optional<Duration> timeout, RetryPolicy retry, boolean idempotent) {

  /**
   * Validates every field and reports every problem at once. Not part of the stable API: the parameter list grows with
   * the type; use {@link #builder()} or {@link #toBuilder()}.
   */
  public Action {
    Objects.requireNonNull(timeout, "timeout");
    Problems p = new Problems();
    p.text("organization", organization);
    p.text("name", name);
    if (name != null && name.startsWith(UndoScheduled.UNDO_PREFIX)) {
      p.add("name", "must not start with \"" + UndoScheduled.UNDO_PREFIX + "\": the undo runs of an action are"
          + " recorded under that name (was \"" + name + "\")");
    }
    if (description == null) {
      description = "";
    }
    if (scripts == null || scripts.isEmpty()) {
      p.add("scripts", "an action needs at least one script; add one (\"scripts\" in a"
          + " configuration file, Action.Builder.script in code)");
      scripts = List.of();
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < scripts.size(); i++) {
      ActionScript s = scripts.get(i);
      if (s == null) {
        p.add("scripts[" + i + "]", "must not be null; add a script with Action.Builder.script");
      } else if (!names.add(s.name())) {
        p.add("scripts[" + i + "].name", "\"" + s.name() + "\" is used by another script of this action;"
            + " give each script of an action its own name");
      }
    }
    timeout.ifPresent(t -> {
      if (t.isNegative() || t.isZero()) {
        p.add("timeout", "must be positive, was " + t);
      }
    });
    if (retry == null) {
      retry = RetryPolicy.NONE;
    }
    p.throwIfAny(Problems.subject("action", name, organization));
    scripts = List.copyOf(scripts);
  }

  /** Returns the script named {@code name}, if the action has one. */
  public Optional<ActionScript> script(String name) {
    Objects.requireNonNull(name, "name");
    return scripts.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding every field of this action, to change some and build a new one. */
  public Builder toBuilder() {
    Builder b = new Builder().organization(organization).name(name).description(description)
        .timeout(timeout.orElse(null)).retry(retry).idempotent(idempotent);
    scripts.forEach(b::script);
    return b;
  }

  /** Builds an {@link Action}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private String organization;
    private String name;
    private String description = "";
    private final List<ActionScript> scripts = new ArrayList<>();
    private Duration timeout;
    private RetryPolicy retry = RetryPolicy.NONE;
    private boolean idempotent;

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

    /** Sets the description. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** Adds a script. */
    public Builder script(ActionScript script) {
      scripts.add(Objects.requireNonNull(script, "script"));
      return this;
    }

    /** Adds a script run by the default runner. */
    public Builder script(String name, String file, String source) {
      return script(ActionScript.of(name, file, source));
    }

    /** Removes every script, e.g. to add others after {@link Action#toBuilder()}. */
    public Builder clearScripts() {
      scripts.clear();
      return this;
    }

    /** Sets the deadline of each run; null for the engine's default. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Sets the retry policy (default: none). */
    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /** Declares the action idempotent (default: not). */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /**
     * Builds the action.
     *
     * @throws ConfigurationException listing every problem
     */
    public Action build() {
      return new Action(organization, name, description, scripts, Optional.ofNullable(timeout),
          retry, idempotent);
    }
  }
}
