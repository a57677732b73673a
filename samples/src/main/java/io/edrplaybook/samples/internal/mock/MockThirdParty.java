package io.edrplaybook.samples.internal.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local imitation of the third-party services the sample scripts call: Slack, Teams, a
 * firewall, a NAC, a ServiceNow-style ticketing system and a threat-intelligence platform's
 * blocklist, all on one plain-HTTP port of
 * 127.0.0.1. It checks the credentials it is sent against the ones given to its builder
 * (wrong or missing ones get HTTP 401), records every request it serves, and can be told to
 * fail the next calls to a service (HTTP 503 or 429) to show retries.
 *
 * <pre>{@code
 * try (MockThirdParty mock = MockThirdParty.builder().slackToken(token).build().start()) {
 *   ... point the connectors at 127.0.0.1:mock.port() ...
 *   mock.requests(MockService.SLACK).forEach(r -> System.out.println(r.summary()));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Paths: see {@code samples/scripts/README.md}.
 */
public final class MockThirdParty implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MockThirdParty.class);

  private record Fault(int status, AtomicInteger remaining) { }

  private final ObjectMapper json = new ObjectMapper();
  private final ExpectedCredentials credentials;
  private final MockRoutes routes = new MockRoutes(json);
  private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
  private final Map<MockService, Fault> faults = new ConcurrentHashMap<>();
  private volatile HttpServer server;
  private volatile ExecutorService executor;

  private MockThirdParty(ExpectedCredentials credentials) {
    this.credentials = credentials;
  }

  /** Returns a builder; a service whose credentials are not set answers every request with 401. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds a free port on 127.0.0.1 and starts serving.
   *
   * @return this mock, for chaining
   * @throws IllegalStateException when already started
   * @throws UncheckedIOException when no port can be bound
   */
  public synchronized MockThirdParty start() {
    if (server != null) {
      throw new IllegalStateException("MockThirdParty is already started on port " + port());
    }
    try {
      HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      executor = Executors.newFixedThreadPool(4, task -> {
        Thread thread = new Thread(task, "mock-third-party");
        thread.setDaemon(true);
        return thread;
      });
      created.setExecutor(executor);
      created.createContext("/", this::handle);
      created.start();
      server = created;
    } catch (IOException e) {
      throw new UncheckedIOException("MockThirdParty: cannot bind a port on 127.0.0.1", e);
    }
    log.debug("MockThirdParty listening on 127.0.0.1:{}", port());
    return this;
  }

  /** Returns the port it listens on. @throws IllegalStateException before {@link #start()} */
  public int port() {
    HttpServer current = server;
    if (current == null) {
      throw new IllegalStateException("MockThirdParty is not started: call start() first");
    }
    return current.getAddress().getPort();
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Returns every request received so far, oldest first (an immutable copy). */
  public List<ReceivedRequest> requests() {
    return List.copyOf(received);
  }

  /** Returns the requests received so far by {@code service}, oldest first. */
  public List<ReceivedRequest> requests(MockService service) {
    Objects.requireNonNull(service, "service");
    return received.stream().filter(r -> r.service() == service).toList();
  }

  /** Forgets the requests received so far. */
  public void clearRequests() {
    received.clear();
  }

  /**
   * Makes the next {@code times} requests to {@code service} answer {@code status} (say 503 or
   * 429, with {@code Retry-After: 1}) before any credential check; later ones are served normally.
   *
   * @throws IllegalArgumentException when {@code times} is negative or {@code status} is not 400..599
   */
  public void failNext(MockService service, int times, int status) {
    Objects.requireNonNull(service, "service");
    if (times < 0 || status < 400 || status > 599) {
      throw new IllegalArgumentException("failNext: times must be >= 0 and status 400..599, was "
          + times + " and " + status);
    }
    faults.put(service, new Fault(status, new AtomicInteger(times)));
  }

  /** Stops serving; idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
      String method = exchange.getRequestMethod();
      byte[] raw;
      try (InputStream in = exchange.getRequestBody()) {
        raw = in.readAllBytes();
      }
      Optional<MockService> service = MockRoutes.serviceOf(path);
      if (service.isEmpty()) {
        log.debug("MockThirdParty: no service serves {} {}", method, path);
        send(exchange, MockRoutes.Answer.json(404, json.createObjectNode()
            .put("message", "no service serves " + method + " " + path)));
        return;
      }
      boolean authorized = credentials.accepts(service.get(), exchange.getRequestHeaders());
      JsonNode body = parse(raw);
      MockRoutes.Answer answer = answer(service.get(), method, path, body, authorized);
      ReceivedRequest request = new ReceivedRequest(service.get(), method, path, query,
          body == null ? MissingNode.getInstance() : body, authorized, answer.status());
      received.add(request);
      log.debug("MockThirdParty: {}", request.summary());
      send(exchange, answer);
    }
  }

  private MockRoutes.Answer answer(MockService service, String method, String path, JsonNode body,
      boolean authorized) {
    Fault fault = faults.get(service);
    if (fault != null && fault.remaining().getAndDecrement() > 0) {
      return MockRoutes.Answer.json(fault.status(), json.createObjectNode().put("ok", false)
          .put("error", "injected failure").put("message", service.label() + " is unavailable (injected)"));
    }
    if (!authorized) {
      return MockRoutes.Answer.json(401, json.createObjectNode().put("ok", false)
          .put("error", "invalid_auth").put("message", "bad or missing credentials for " + service.label()));
    }
    if (body == null) {
      return MockRoutes.Answer.json(400, json.createObjectNode().put("message", "body is not JSON"));
    }
    return routes.answer(service, method, path, body);
  }

  /** The body as JSON: a missing node when empty, null when it is not JSON. */
  private JsonNode parse(byte[] raw) {
    if (raw.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(raw);
    } catch (JsonProcessingException notJson) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, MockRoutes.Answer answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    if (answer.status() == 429 || answer.status() == 503) {
      exchange.getResponseHeaders().set("Retry-After", "1");
    }
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sets the credentials each service expects. Not thread-safe; use once. */
  public static final class Builder {
    private final ExpectedCredentials credentials = new ExpectedCredentials();

    private Builder() { }

    /** The Slack bot token (sent as {@code Authorization: Bearer}). */
    public Builder slackToken(String token) {
      credentials.apiKey(MockService.SLACK, Objects.requireNonNull(token, "token"));
      return this;
    }

    /** The Teams webhook key (sent as {@code Authorization: Bearer}). */
    public Builder teamsKey(String key) {
      credentials.apiKey(MockService.TEAMS, Objects.requireNonNull(key, "key"));
      return this;
    }

    /** The firewall's API user (sent with HTTP basic authentication). */
    public Builder firewallCredentials(String username, String password) {
      credentials.usernamePassword(MockService.FIREWALL, Objects.requireNonNull(username, "username"),
          Objects.requireNonNull(password, "password"));
      return this;
    }

    /** The NAC's API key (sent as {@code X-Api-Key}). */
    public Builder nacApiKey(String key) {
      credentials.apiKey(MockService.NAC, Objects.requireNonNull(key, "key"));
      return this;
    }

    /** The ticketing system's user (sent with HTTP basic authentication). */
    public Builder ticketingCredentials(String username, String password) {
      credentials.usernamePassword(MockService.TICKETING, Objects.requireNonNull(username, "username"),
          Objects.requireNonNull(password, "password"));
      return this;
    }

    /** The threat-intelligence platform's API key (sent as {@code Authorization: Token}). */
    public Builder blocklistKey(String key) {
      credentials.apiKey(MockService.BLOCKLIST, Objects.requireNonNull(key, "key"));
      return this;
    }

    /** Returns the mock, not yet started. */
    public MockThirdParty build() {
      return new MockThirdParty(credentials);
    }
  }
}
