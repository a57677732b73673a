package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A configured third-party system: Slack, Teams, a firewall, a NAC, a ticketing system.
 *
 * <p>Rules: host is an IP address or a DNS name; port is 1..65535; authentication is either an
 * API key or credentials, never both, never neither. {@code toString()} masks the secret.
 * Immutable and thread-safe.
 *
 * <p>Build with {@link #builder()}, change one field with {@link #toBuilder()}: the canonical
 * constructor grows as the type does and is not part of the stable API.
 *
 * @param organization the organization it belongs to
 * @param name its name, unique in its organization
 * @param type its kind
 * @param jumpBox the name of the JumpBox that runs its scripts
 * @param host IP address or DNS name of the third-party system
 * @param port port of the third-party system, 1..65535
 * @param credentials how it authenticates
 * @param bindings the actions it performs, each with its script
 * @param limits how many runs at once and per second it accepts
 */
public record Connector(String organization, String name, ConnectorType type, String jumpBox,
    String host, int port, Credentials credentials, List<ActionBinding> bindings, ConnectorLimits limits) {

  /**
   * A connector without limits beyond its JumpBox lane's. Not part of the stable API: use
   * {@link #builder()}.
   */
  public Connector(String organization, String name, ConnectorType type, String jumpBox,
      String host, int port, Credentials credentials, List<ActionBinding> bindings) {
    this(organization, name, type, jumpBox, host, port, credentials, bindings, ConnectorLimits.NONE);
  }

  /**
   * Validates every field and reports every problem at once. Not part of the stable API: the parameter list grows with
   * the type; use {@link #builder()} or {@link #toBuilder()}.
   */
  public Connector {
    Problems p = new Problems();
    p.text("organization", organization);
    p.text("name", name);
    p.required("type", type);
    p.text("jumpBox", jumpBox);
    if (host == null) {
      p.add("host", "is required");
    } else if (!Problems.isHost(host)) {
      p.add("host", "must be an IP address or a DNS name, was \"" + host + "\"");
    }
    if (port < 1 || port > 65535) {
      p.add("port", "must be between 1 and 65535, was " + port);
    }
    if (credentials == null) {
      p.add("auth", "has neither an API key nor credentials; set one: \"apiKey\", or \"credentials\" with a username and password"
          + " (Connector.Builder.apiKey or .credentials)");
    }
    if (bindings == null) {
      bindings = List.of();
    }
    if (limits == null) {
      limits = ConnectorLimits.NONE;
    }
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < bindings.size(); i++) {
      ActionBinding b = bindings.get(i);
      if (b == null) {
        p.add("actions[" + i + "]", "must not be null; bind an action with Connector.Builder.bind");
      } else if (seen.contains(b.action())) {
        p.add("actions[" + i + "].action", "binds \"" + b.action()
            + "\" a second time; a connector performs an action with one script");
      } else {
        seen.add(b.action());
      }
    }
    p.throwIfAny(Problems.subject("connector", name, organization));
    bindings = List.copyOf(bindings);
  }

  /** Returns the binding of {@code action}, if this connector performs it. */
  public Optional<ActionBinding> binding(String action) {
    Objects.requireNonNull(action, "action");
    return bindings.stream().filter(b -> b.action().equals(action)).findFirst();
  }

  /** Returns whether this connector performs {@code action}. */
  public boolean performs(String action) {
    return binding(action).isPresent();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding every field of this connector, to change some and build a new one. */
  public Builder toBuilder() {
    Builder b = new Builder().organization(organization).name(name).type(type).jumpBox(jumpBox).host(host)
        .port(port).credentials(credentials).limits(limits);
    bindings.forEach(b::bind);
    return b;
  }

  /** Builds a {@link Connector}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private String organization;
    private String name;
    private ConnectorType type = ConnectorType.CUSTOM;
    private String jumpBox;
    private String host;
    private int port;
    private final List<ActionBinding> bindings = new ArrayList<>();
    private static final Credentials STAND_IN_AUTH = new ApiKey("stand-in");
    private String apiKeyText;
    private String username;
    private String password;
    private ConnectorLimits limits = ConnectorLimits.NONE;

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

    /** Sets the type (default {@link ConnectorType#CUSTOM}). */
    public Builder type(ConnectorType type) {
      this.type = type;
      return this;
    }

    /** Sets the JumpBox's name. */
    public Builder jumpBox(String jumpBox) {
      this.jumpBox = jumpBox;
      return this;
    }

    /** Sets the host: an IP address or a DNS name. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Sets the port, 1..65535. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Authenticates with an API key. */
    public Builder apiKey(String apiKey) {
      this.apiKeyText = apiKey;
      return this;
    }

    /** Authenticates with a username and password. */
    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    /**
     * Sets the authentication, an {@link ApiKey} or {@link UsernamePassword}, in place of any set
     * before (to switch the authentication of a connector from {@link Connector#toBuilder()}).
     */
    public Builder credentials(Credentials credentials) {
      Objects.requireNonNull(credentials, "credentials");
      apiKeyText = null;
      username = null;
      password = null;
      if (credentials instanceof ApiKey k) {
        apiKeyText = k.key();
      } else if (credentials instanceof UsernamePassword u) {
        username = u.username();
        password = u.password();
      }
      return this;
    }

    /** Removes every binding, e.g. to bind anew after {@link Connector#toBuilder()}. */
    public Builder clearBindings() {
      bindings.clear();
      return this;
    }

    /** Sets the connector's limits (default: none). */
    public Builder limits(ConnectorLimits limits) {
      this.limits = limits;
      return this;
    }

    /** Adds a binding. */
    public Builder bind(ActionBinding binding) {
      bindings.add(Objects.requireNonNull(binding, "binding"));
      return this;
    }

    /** Binds {@code action} with its only script. */
    public Builder bind(String action) {
      return bind(ActionBinding.of(action));
    }

    /** Binds {@code action} with the script named {@code script}. */
    public Builder bind(String action, String script) {
      return bind(ActionBinding.of(action, script));
    }

    /**
     * Builds the connector.
     *
     * @throws ConfigurationException listing every problem
     */
    public Connector build() {
      Problems p = new Problems();
      boolean hasKey = apiKeyText != null;
      boolean hasCredentials = username != null || password != null;
      Credentials auth = null;
      if (hasKey && hasCredentials) {
        p.add("auth", "has both an API key and credentials; keep one: \"apiKey\", or \"credentials\" with a username and password (Connector.Builder.credentials"
            + " replaces whichever was set)");
      } else if (hasKey) {
        try {
          auth = new ApiKey(apiKeyText);
        } catch (ConfigurationException e) {
          p.addAll("", e);
        }
      } else if (hasCredentials) {
        try {
          auth = new UsernamePassword(username, password);
        } catch (ConfigurationException e) {
          p.addAll("", e);
        }
      }
      Connector c;
      try {
        // when the auth itself was refused, check the other fields against a stand-in so that
        // every problem is listed, without a misleading "got neither"
        c = new Connector(organization, name, type, jumpBox, host, port,
            auth == null && !p.isEmpty() ? STAND_IN_AUTH : auth, bindings, limits);
      } catch (ConfigurationException e) {
        p.addAll("", e);
        throw new ConfigurationException(Problems.subject("connector", name, organization), p.list());
      }
      p.throwIfAny(Problems.subject("connector", name, organization));
      return c;
    }
  }
}
