package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A whole configuration: organizations, JumpBoxes, actions, connectors and playbooks, validated
 * together. An instance always satisfies every rule between the objects (references resolve,
 * names are unique, a JumpBox is exclusive to its organization and is not a core, a named
 * connector is bound to its row's action, at most one default playbook per organization, a
 * collector group in at most one playbook). Scripts are compiled only when an engine applies the
 * configuration. Immutable and thread-safe; equal to another holding equal elements in the same
 * order.
 *
 * <p>Build with {@link #builder()}; change one element with {@link #toBuilder()} and, for
 * instance, {@link Builder#replaceConnector(Connector)}:
 *
 * <pre>{@code
 * Connector fw = configuration.connector("acme", "FW").orElseThrow();
 * Configuration staging = configuration.toBuilder()
 *     .replaceConnector(fw.toBuilder().host("fw.staging.example").build())
 *     .build();
 * }</pre>
 */
public final class Configuration {
  private static final Configuration EMPTY = builder().build();

  private final List<Organization> organizations;
  private final List<JumpBox> jumpBoxes;
  private final List<Action> actions;
  private final List<Connector> connectors;
  private final List<Playbook> playbooks;
  private final Map<String, JumpBox> jumpBoxByName = new HashMap<>();
  private final Map<String, Action> actionByKey = new HashMap<>();
  private final Map<String, Connector> connectorByKey = new HashMap<>();
  private final Map<String, Playbook> playbookByKey = new HashMap<>();

  private Configuration(Builder b) {
    this.organizations = List.copyOf(b.organizations);
    this.jumpBoxes = List.copyOf(b.jumpBoxes);
    this.actions = List.copyOf(b.actions);
    this.connectors = List.copyOf(b.connectors);
    this.playbooks = List.copyOf(b.playbooks);
    Problems p = new Problems();
    validate(b, p);
    p.throwIfAny();
  }

  /** Returns the configuration with nothing in it. */
  public static Configuration empty() {
    return EMPTY;
  }

  /** Returns the organizations, in configuration order. */
  public List<Organization> organizations() {
    return organizations;
  }

  /** Returns the JumpBoxes. */
  public List<JumpBox> jumpBoxes() {
    return jumpBoxes;
  }

  /** Returns the actions. */
  public List<Action> actions() {
    return actions;
  }

  /** Returns the connectors. */
  public List<Connector> connectors() {
    return connectors;
  }

  /** Returns the playbooks. */
  public List<Playbook> playbooks() {
    return playbooks;
  }

  /** Returns whether an organization named {@code name} exists. */
  public boolean hasOrganization(String name) {
    return organizations.stream().anyMatch(o -> o.name().equals(name));
  }

  /** Returns the JumpBox named {@code name}. */
  public Optional<JumpBox> jumpBox(String name) {
    return Optional.ofNullable(jumpBoxByName.get(name));
  }

  /** Returns the action {@code name} of {@code organization}. */
  public Optional<Action> action(String organization, String name) {
    return Optional.ofNullable(actionByKey.get(key(organization, name)));
  }

  /** Returns the connector {@code name} of {@code organization}. */
  public Optional<Connector> connector(String organization, String name) {
    return Optional.ofNullable(connectorByKey.get(key(organization, name)));
  }

  /** Returns the playbook {@code name} of {@code organization}. */
  public Optional<Playbook> playbook(String organization, String name) {
    return Optional.ofNullable(playbookByKey.get(key(organization, name)));
  }

  /**
   * Returns the policy of a playbook as the product shows it: one row for <em>every</em> action of
   * the organization, in action order. An action the playbook has no row for is offered
   * unselected ({@link PlaybookRule#unselected(String)}).
   *
   * @throws IllegalArgumentException when there is no such playbook
   */
  public List<PlaybookRule> policy(String organization, String playbook) {
    Playbook pb = playbook(organization, playbook).orElseThrow(() -> new IllegalArgumentException(
        "No playbook \"" + playbook + "\" in organization \"" + organization + "\""));
    List<PlaybookRule> rows = new ArrayList<>();
    for (Action a : actions) {
      if (a.organization().equals(organization)) {
        rows.add(pb.rule(a.name()).orElseGet(() -> PlaybookRule.unselected(a.name())));
      }
    }
    return List.copyOf(rows);
  }

  /** Returns every secret value (API keys, passwords) the connectors hold, for masking by value. */
  public Set<String> secrets() {
    Set<String> s = new LinkedHashSet<>();
    connectors.forEach(c -> s.addAll(c.credentials().secrets()));
    return Collections.unmodifiableSet(s);
  }

  /** Returns a builder holding everything this configuration holds. */
  public Builder toBuilder() {
    Builder b = builder();
    organizations.forEach(b::organization);
    jumpBoxes.forEach(b::jumpBox);
    actions.forEach(b::action);
    connectors.forEach(b::connector);
    playbooks.forEach(b::playbook);
    return b;
  }

  /** Equal when both hold equal elements in the same order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Configuration c && organizations.equals(c.organizations) && jumpBoxes.equals(c.jumpBoxes)
        && actions.equals(c.actions) && connectors.equals(c.connectors) && playbooks.equals(c.playbooks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(organizations, jumpBoxes, actions, connectors, playbooks);
  }

  /** Counts, never secrets. */
  @Override
  public String toString() {
    return "Configuration[" + organizations.size() + " organizations, " + jumpBoxes.size()
        + " JumpBoxes, " + actions.size() + " actions, " + connectors.size() + " connectors, "
        + playbooks.size() + " playbooks]";
  }

  static String key(String organization, String name) {
    return organization + "\u0000" + name;
  }

  private void validate(Builder b, Problems p) {
    Set<String> orgs = new HashSet<>();
    for (int i = 0; i < organizations.size(); i++) {
      String name = organizations.get(i).name();
      if (!orgs.add(name)) {
        p.add(b.organizationPaths.get(i) + ".name", "\"" + name + "\" is defined twice");
      }
    }
    for (int i = 0; i < jumpBoxes.size(); i++) {
      JumpBox j = jumpBoxes.get(i);
      String path = b.jumpBoxPaths.get(i);
      checkOrganization(p, path, j.organization(), orgs);
      JumpBox before = jumpBoxByName.putIfAbsent(j.name(), j);
      if (before != null) {
        p.add(path + ".name", before.organization().equals(j.organization())
            ? "\"" + j.name() + "\" is defined twice"
            : "\"" + j.name() + "\" already belongs to organization \"" + before.organization()
                + "\"; a JumpBox is exclusive to one organization");
      }
    }
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      String path = b.actionPaths.get(i);
      checkOrganization(p, path, a.organization(), orgs);
      if (actionByKey.putIfAbsent(key(a.organization(), a.name()), a) != null) {
        p.add(path + ".name", "\"" + a.name() + "\" is already an action of organization \""
            + a.organization() + "\"");
      }
    }
    for (int i = 0; i < connectors.size(); i++) {
      validateConnector(p, b.connectorPaths.get(i), connectors.get(i), orgs);
    }
    Map<String, String> defaults = new HashMap<>();
    Map<String, String> groups = new HashMap<>();
    for (int i = 0; i < playbooks.size(); i++) {
      validatePlaybook(p, b.playbookPaths.get(i), playbooks.get(i), orgs, defaults, groups);
    }
  }

  private void validateConnector(Problems p, String path, Connector c, Set<String> orgs) {
    checkOrganization(p, path, c.organization(), orgs);
    if (connectorByKey.putIfAbsent(key(c.organization(), c.name()), c) != null) {
      p.add(path + ".name", "\"" + c.name() + "\" is already a connector of organization \""
          + c.organization() + "\"");
    }
    JumpBox jb = jumpBoxByName.get(c.jumpBox());
    if (jb == null) {
      p.add(path + ".jumpBox", "no JumpBox named \"" + c.jumpBox() + "\"; "
          + hint(c.jumpBox(), jumpBoxes.stream().filter(j -> j.organization().equals(c.organization()))
              .map(JumpBox::name).toList(), "the JumpBoxes of organization \"" + c.organization() + "\"",
              "jumpBoxes"));
    } else if (!jb.organization().equals(c.organization())) {
      p.add(path + ".jumpBox", "\"" + c.jumpBox() + "\" belongs to organization \"" + jb.organization()
          + "\", not \"" + c.organization() + "\"; a JumpBox is exclusive to its organization");
    } else if (jb.core()) {
      p.add(path + ".jumpBox", "\"" + c.jumpBox() + "\" functions as a core and cannot be a connector's JumpBox");
    }
    for (int k = 0; k < c.bindings().size(); k++) {
      ActionBinding binding = c.bindings().get(k);
      String bpath = path + ".actions[" + k + "]";
      Action a = actionByKey.get(key(c.organization(), binding.action()));
      if (a == null) {
        p.add(bpath + ".action", "no action named \"" + binding.action() + "\" in organization \""
            + c.organization() + "\"; " + hint(binding.action(), actionNames(c.organization()),
                "its actions", "actions"));
      } else if (binding.script().isPresent()) {
        String s = binding.script().get();
        if (a.script(s).isEmpty()) {
          p.add(bpath + ".script", "action \"" + a.name() + "\" has no script named \"" + s
              + "\"; it has " + a.scripts().stream().map(ActionScript::name).toList());
        }
      } else if (a.scripts().size() > 1) {
        p.add(bpath + ".script", "action \"" + a.name() + "\" has several scripts "
            + a.scripts().stream().map(ActionScript::name).toList() + "; name the one this connector uses");
      }
    }
  }

  private void validatePlaybook(Problems p, String path, Playbook pb, Set<String> orgs,
      Map<String, String> defaults, Map<String, String> groups) {
    checkOrganization(p, path, pb.organization(), orgs);
    if (playbookByKey.putIfAbsent(key(pb.organization(), pb.name()), pb) != null) {
      p.add(path + ".name", "\"" + pb.name() + "\" is already a playbook of organization \""
          + pb.organization() + "\"");
    }
    if (pb.isDefault()) {
      String before = defaults.putIfAbsent(pb.organization(), pb.name());
      if (before != null) {
        p.add(path + ".default", "organization \"" + pb.organization()
            + "\" already has a default playbook, \"" + before + "\"; at most one is allowed");
      }
    }
    for (String g : pb.collectorGroups()) {
      String before = groups.putIfAbsent(key(pb.organization(), g), pb.name());
      if (before != null) {
        p.add(path + ".collectorGroups", "collector group \"" + g + "\" is already assigned to playbook \""
            + before + "\"; a group is assigned to at most one playbook");
      }
    }
    for (int k = 0; k < pb.rules().size(); k++) {
      PlaybookRule r = pb.rules().get(k);
      String rpath = path + ".rules[" + k + "]";
      if (!actionByKey.containsKey(key(pb.organization(), r.action()))) {
        p.add(rpath + ".action", "no action named \"" + r.action() + "\" in organization \""
            + pb.organization() + "\"; " + hint(r.action(), actionNames(pb.organization()), "its actions",
                "actions"));
        continue;
      }
      if (r.connectors() instanceof ConnectorSelection.Named named) {
        for (String name : named.connectors()) {
          Connector c = connectorByKey.get(key(pb.organization(), name));
          if (c == null) {
            p.add(rpath + ".connectors", "no connector named \"" + name + "\" in organization \""
                + pb.organization() + "\"; " + hint(name, connectors.stream()
                    .filter(other -> other.organization().equals(pb.organization())).map(Connector::name).toList(),
                    "its connectors", "connectors"));
          } else if (!c.performs(r.action())) {
            p.add(rpath + ".connectors", "connector \"" + name + "\" is not bound to action \""
                + r.action() + "\"; bind it in the connector's actions or remove it from the row");
          }
        }
      }
    }
  }

  private static void checkOrganization(Problems p, String path, String organization, Set<String> orgs) {
    if (!orgs.contains(organization)) {
      p.add(path + ".organization", "no organization named \"" + organization + "\"; "
          + hint(organization, orgs, "the organizations", "organizations"));
    }
  }

  private List<String> actionNames(String organization) {
    return actions.stream().filter(a -> a.organization().equals(organization)).map(Action::name).toList();
  }

  /**
   * What would be right for a name that resolves to nothing: the close one, else the names there
   * are, else where to define one. Names with a NUL (a loader's stand-ins) are never offered.
   */
  private static String hint(String name, java.util.Collection<String> known, String what, String section) {
    List<String> names = known.stream().filter(n -> n.indexOf('\0') < 0).distinct().sorted().toList();
    if (names.isEmpty()) {
      return "define it in \"" + section + "\"";
    }
    return io.edrplaybook.api.internal.Suggestions.closest(name, names).map(s -> "did you mean \"" + s + "\"?")
        .orElseGet(() -> what + " are " + (names.size() <= 10 ? names.toString()
            : names.subList(0, 10).toString().replace("]", ", ...]")));
  }

  /** Starts an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link Configuration}. Each element may carry the path it came from (a loader passes
   * {@code connectors[2]}); by default the path is its position. Not thread-safe.
   */
  public static final class Builder {
    private final List<Organization> organizations = new ArrayList<>();
    private final List<String> organizationPaths = new ArrayList<>();
    private final List<JumpBox> jumpBoxes = new ArrayList<>();
    private final List<String> jumpBoxPaths = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<String> actionPaths = new ArrayList<>();
    private final List<Connector> connectors = new ArrayList<>();
    private final List<String> connectorPaths = new ArrayList<>();
    private final List<Playbook> playbooks = new ArrayList<>();
    private final List<String> playbookPaths = new ArrayList<>();

    private Builder() {}

    /** Adds an organization. */
    public Builder organization(Organization organization) {
      return organization(organization, "organizations[" + organizations.size() + "]");
    }

    /** Adds an organization by name. */
    public Builder organization(String name) {
      return organization(new Organization(name));
    }

    /** Adds an organization that came from {@code path}. */
    public Builder organization(Organization organization, String path) {
      organizations.add(Objects.requireNonNull(organization, "organization"));
      organizationPaths.add(Objects.requireNonNull(path, "path"));
      return this;
    }

    /** Adds a JumpBox. */
    public Builder jumpBox(JumpBox jumpBox) {
      return jumpBox(jumpBox, "jumpBoxes[" + jumpBoxes.size() + "]");
    }

    /** Adds a JumpBox that came from {@code path}. */
    public Builder jumpBox(JumpBox jumpBox, String path) {
      jumpBoxes.add(Objects.requireNonNull(jumpBox, "jumpBox"));
      jumpBoxPaths.add(Objects.requireNonNull(path, "path"));
      return this;
    }

    /** Adds an action. */
    public Builder action(Action action) {
      return action(action, "actions[" + actions.size() + "]");
    }

    /** Adds an action that came from {@code path}. */
    public Builder action(Action action, String path) {
      actions.add(Objects.requireNonNull(action, "action"));
      actionPaths.add(Objects.requireNonNull(path, "path"));
      return this;
    }

    /** Adds a connector. */
    public Builder connector(Connector connector) {
      return connector(connector, "connectors[" + connectors.size() + "]");
    }

    /** Adds a connector that came from {@code path}. */
    public Builder connector(Connector connector, String path) {
      connectors.add(Objects.requireNonNull(connector, "connector"));
      connectorPaths.add(Objects.requireNonNull(path, "path"));
      return this;
    }

    /** Adds a playbook. */
    public Builder playbook(Playbook playbook) {
      return playbook(playbook, "playbooks[" + playbooks.size() + "]");
    }

    /** Adds a playbook that came from {@code path}. */
    public Builder playbook(Playbook playbook, String path) {
      playbooks.add(Objects.requireNonNull(playbook, "playbook"));
      playbookPaths.add(Objects.requireNonNull(path, "path"));
      return this;
    }

    /**
     * Replaces the action of the same organization and name, keeping its place.
     *
     * @throws IllegalArgumentException when this builder holds no such action (add it with
     *     {@link #action(Action)})
     */
    public Builder replaceAction(Action action) {
      Objects.requireNonNull(action, "action");
      actions.set(indexOf(actions, action.organization(), action.name(), Action::organization, Action::name,
          "action", "action(Action)"), action);
      return this;
    }

    /**
     * Replaces the connector of the same organization and name, keeping its place.
     *
     * @throws IllegalArgumentException when this builder holds no such connector (add it with
     *     {@link #connector(Connector)})
     */
    public Builder replaceConnector(Connector connector) {
      Objects.requireNonNull(connector, "connector");
      connectors.set(indexOf(connectors, connector.organization(), connector.name(), Connector::organization,
          Connector::name, "connector", "connector(Connector)"), connector);
      return this;
    }

    /**
     * Replaces the playbook of the same organization and name, keeping its place.
     *
     * @throws IllegalArgumentException when this builder holds no such playbook (add it with
     *     {@link #playbook(Playbook)})
     */
    public Builder replacePlaybook(Playbook playbook) {
      Objects.requireNonNull(playbook, "playbook");
      playbooks.set(indexOf(playbooks, playbook.organization(), playbook.name(), Playbook::organization,
          Playbook::name, "playbook", "playbook(Playbook)"), playbook);
      return this;
    }

    private static <T> int indexOf(List<T> list, String organization, String name,
        java.util.function.Function<T, String> org, java.util.function.Function<T, String> nameOf, String kind,
        String add) {
      for (int i = 0; i < list.size(); i++) {
        if (org.apply(list.get(i)).equals(organization) && nameOf.apply(list.get(i)).equals(name)) {
          return i;
        }
      }
      throw new IllegalArgumentException("No " + kind + " \"" + name + "\" of organization \"" + organization
          + "\" to replace; the builder holds " + list.stream().filter(e -> org.apply(e).equals(organization))
          .map(nameOf).toList() + " in that organization. Add a new " + kind + " with " + add);
    }

    /**
     * Validates everything together and builds.
     *
     * @throws ConfigurationException listing every problem, each with its path
     */
    public Configuration build() {
      return new Configuration(this);
    }
  }
}
