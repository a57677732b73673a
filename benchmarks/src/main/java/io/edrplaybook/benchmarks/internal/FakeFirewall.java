package io.edrplaybook.benchmarks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two ends of {@link RealHttpMeasure} outside the runners: the fake firewall the script calls
 * (a JDK {@link HttpServer} on 127.0.0.1 that checks the bearer token, parses the JSON request and
 * answers JSON), and the baseline's {@code python3 action.py} per run.
 */
final class FakeFirewall {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeFirewall() {}

  /** Starts the firewall on a free port of 127.0.0.1, counting requests into {@code requests}. */
  static HttpServer start(AtomicLong requests, String token) throws IOException {
    HttpServer server = endpoint(requests, token);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "fake-firewall");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return server;
  }

  /** Stops the server and its threads. */
  static void stop(HttpServer server) {
    server.stop(0);
    if (server.getExecutor() instanceof ExecutorService e) {
      e.shutdownNow();
    }
  }

  /** The fake firewall: checks the token, parses the request, answers JSON. */
  private static HttpServer endpoint(AtomicLong requests, String token) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/api/v1/block", exchange -> {
      try (exchange) {
        requests.incrementAndGet();
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        boolean authorized = ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", authorized && body.hasNonNull("address"));
        answer.put("blocked", body.path("address").asText());
        answer.put("rule", "edr-" + body.path("event").asText());
        answer.put("received", body);
        respond(exchange, authorized ? 200 : 401, JSON.writeValueAsBytes(answer));
      }
    });
    return server;
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** {@code python3 action.py}, ctx on stdin; the result's JSON on stdout, checked. */
  static String python3(Path file, byte[] stdin) {
    try {
      Process p = new ProcessBuilder("python3", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream s = p.getInputStream()) {
        s.transferTo(out);
      }
      int rc = p.waitFor();
      String text = out.toString(StandardCharsets.UTF_8);
      if (rc != 0 || !text.contains("\"rule\"")) {
        throw new IllegalStateException("python3 " + file + " exited with " + rc + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("could not run python3: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
