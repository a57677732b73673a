package io.edrplaybook.testkit;

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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny HTTP server on {@code 127.0.0.1} and a free port that stands in for a third-party API
 * when real scripts run: it records every request and answers with canned responses.
 *
 * <pre>{@code
 * try (FakeHttpEndpoint slack = FakeHttpEndpoint.start()
 *         .respond("POST", "/api/chat.postMessage", 200, "{\"ok\": true, \"ts\": \"1.2\"}");
 *      PlaybookTestKit kit = PlaybookTestKit.load(config).realRunner("jython")
 *         .routeConnectorsTo(slack).build()) {
 *   kit.submit(event).assertRan("IM Notification").on("SOC Slack").succeeded();
 *   assertEquals("Bearer xoxb-test", slack.assertReceived("POST", "/api/chat.postMessage")
 *       .header("Authorization").orElseThrow());
 * }
 * }</pre>
 *
 * <p>A request nothing was registered for gets 404 with {@code {"error": "no canned response for
 * METHOD /path"}}; an answer function that throws gets 500. Plain HTTP only. Thread-safe.
 */
public final class FakeHttpEndpoint implements AutoCloseable {
  private static final String ANY = "*";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Function<FakeHttpRequest, FakeHttpResponse>> answers = new ConcurrentHashMap<>();
  private final List<FakeHttpRequest> requests = new CopyOnWriteArrayList<>();

  private FakeHttpEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts an endpoint on the loopback address and a free port.
   *
   * @throws UncheckedIOException when no port can be bound
   */
  public static FakeHttpEndpoint start() {
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "fake-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeHttpEndpoint endpoint = new FakeHttpEndpoint(server, executor);
      server.createContext("/", endpoint::handle);
      server.setExecutor(executor);
      server.start();
      return endpoint;
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("Could not start a fake HTTP endpoint on the loopback address", e);
    }
  }

  /** Returns the address it listens on: {@code 127.0.0.1}. */
  public String host() {
    return server.getAddress().getAddress().getHostAddress();
  }

  /** Returns the port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://" + host() + ":" + port();
  }

  /**
   * Answers {@code method path} with a JSON body.
   *
   * @param method the HTTP method, or {@code *} for any
   * @param path the path without query, e.g. {@code /api/v1/block-rules}
   */
  public FakeHttpEndpoint respond(String method, String path, int status, String json) {
    FakeHttpResponse r = FakeHttpResponse.json(status, json);
    return respond(method, path, request -> r);
  }

  /** Answers {@code method path} with what {@code answer} returns for each request. */
  public FakeHttpEndpoint respond(String method, String path, Function<FakeHttpRequest, FakeHttpResponse> answer) {
    Objects.requireNonNull(answer, "answer");
    answers.put(key(method, path), answer);
    return this;
  }

  /** Returns every request received, in arrival order. */
  public List<FakeHttpRequest> requests() {
    return List.copyOf(requests);
  }

  /** Returns the requests received for {@code method path} ({@code *} for any method). */
  public List<FakeHttpRequest> requests(String method, String path) {
    return requests.stream().filter(r -> r.path().equals(path)
        && (ANY.equals(method) || r.method().equalsIgnoreCase(method))).toList();
  }

  /**
   * Asserts that {@code method path} was received and returns the latest such request.
   *
   * @throws AssertionError listing what was received
   */
  public FakeHttpRequest assertReceived(String method, String path) {
    List<FakeHttpRequest> found = requests(method, path);
    if (found.isEmpty()) {
      throw new AssertionError("expected " + method + " " + path + " at " + url() + "; received: "
          + (requests.isEmpty() ? "nothing" : requests.stream().map(r -> r.method() + " " + r.path()).toList()));
    }
    return found.get(found.size() - 1);
  }

  /** Asserts that {@code method path} was not received. */
  public FakeHttpEndpoint assertNotReceived(String method, String path) {
    int n = requests(method, path).size();
    if (n > 0) {
      throw new AssertionError("expected no " + method + " " + path + " at " + url() + "; received it " + n
          + (n == 1 ? " time" : " times"));
    }
    return this;
  }

  /** Forgets the requests received so far (answers stay). */
  public void clear() {
    requests.clear();
  }

  /** Stops the server at once. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      FakeHttpRequest request = new FakeHttpRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
      requests.add(request);
      Function<FakeHttpRequest, FakeHttpResponse> answer = answers.get(key(request.method(), request.path()));
      if (answer == null) {
        answer = answers.get(key(ANY, request.path()));
      }
      FakeHttpResponse response;
      if (answer == null) {
        response = FakeHttpResponse.json(404, "{\"error\": \"no canned response for " + request.method() + " "
            + request.path().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
      } else {
        try {
          response = Objects.requireNonNull(answer.apply(request), "the answer returned no response");
        } catch (RuntimeException e) {
          response = FakeHttpResponse.text(500, "the fake endpoint's answer failed: " + e);
        }
      }
      send(exchange, response);
    }
  }

  private static void send(HttpExchange exchange, FakeHttpResponse response) throws IOException {
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    boolean empty = bytes.length == 0 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(response.status(), empty ? -1 : bytes.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String key(String method, String path) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    return (ANY.equals(method) ? ANY : method.toUpperCase(Locale.ROOT)) + " " + path;
  }

  @Override
  public String toString() {
    return "FakeHttpEndpoint[" + url() + ", " + requests.size() + " requests]";
  }
}
