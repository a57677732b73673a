package io.edrplaybook.samples.internal.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Which path belongs to which service, and what each endpoint answers. Thread-safe. */
final class MockRoutes {

  /** An answer: HTTP status and body (JSON, or plain text for Teams). */
  record Answer(int status, String body, String contentType) {
    static Answer json(int status, JsonNode body) {
      return new Answer(status, body.toString(), "application/json; charset=utf-8");
    }
  }

  private static final Map<String, Set<String>> METHODS = Map.of(
      "/api/chat.postMessage", Set.of("POST"),
      "/api/auth.test", Set.of("POST"),
      "/api/v1/block-rules", Set.of("POST"),
      "/api/v1/block-rules/remove", Set.of("POST"),
      "/api/v2/blocklist/remove", Set.of("POST"),
      "/api/v1/system/status", Set.of("GET"),
      "/api/v1/endpoints/isolate", Set.of("POST"),
      "/api/v1/auth/check", Set.of("GET"),
      "/api/now/table/incident", Set.of("GET", "POST"),
      "/api/v2/blocklist", Set.of("POST"));

  private final ObjectMapper json;
  private final AtomicInteger sequence = new AtomicInteger();
  private final Map<String, String> blockRules = new ConcurrentHashMap<>();
  private final Map<String, String> blocklist = new ConcurrentHashMap<>();

  MockRoutes(ObjectMapper json) {
    this.json = json;
  }

  /** The service a path belongs to; empty for a path no service serves. */
  static Optional<MockService> serviceOf(String path) {
    if (path.startsWith("/teams/") && path.length() > "/teams/".length()) {
      return Optional.of(MockService.TEAMS);
    }
    if (!METHODS.containsKey(path)) {
      return Optional.empty();
    }
    if (path.startsWith("/api/now/")) {
      return Optional.of(MockService.TICKETING);
    }
    if (path.startsWith("/api/v2/")) {
      return Optional.of(MockService.BLOCKLIST);
    }
    if (path.startsWith("/api/v1/endpoints/") || path.startsWith("/api/v1/auth/")) {
      return Optional.of(MockService.NAC);
    }
    return Optional.of(path.startsWith("/api/v1/") ? MockService.FIREWALL : MockService.SLACK);
  }

  /** The answer to an authorized request; {@code body} is a missing node when there was none. */
  Answer answer(MockService service, String method, String path, JsonNode body) {
    Set<String> allowed = service == MockService.TEAMS ? Set.of("POST") : METHODS.get(path);
    if (!allowed.contains(method)) {
      return Answer.json(405, object().put("message", path + " takes " + allowed + ", not " + method));
    }
    return switch (path) {
      case "/api/chat.postMessage" -> slackPost(body);
      case "/api/auth.test" -> Answer.json(200, object().put("ok", true).put("team", "acme")
          .put("user", "edr-playbook"));
      case "/api/v1/block-rules" -> block(body);
      case "/api/v1/block-rules/remove" -> unblock(body);
      case "/api/v2/blocklist/remove" -> unlist(body);
      case "/api/v1/system/status" -> Answer.json(200, object().put("status", "ok")
          .put("model", "MockWall").put("version", "1.0"));
      case "/api/v1/endpoints/isolate" -> isolate(body);
      case "/api/v1/auth/check" -> Answer.json(200, object().put("ok", true).put("tenant", "acme"));
      case "/api/now/table/incident" -> method.equals("POST") ? incident(body)
          : Answer.json(200, object().set("result", json.createArrayNode()));
      case "/api/v2/blocklist" -> blocklistEntry(body);
      default -> teams(body);
    };
  }

  private Answer slackPost(JsonNode body) {
    if (!body.path("channel").isTextual() || body.path("channel").asText().isEmpty()) {
      return Answer.json(200, object().put("ok", false).put("error", "channel_not_found"));
    }
    if (!body.path("text").isTextual() && !body.path("blocks").isArray()) {
      return Answer.json(200, object().put("ok", false).put("error", "no_text"));
    }
    return Answer.json(200, object().put("ok", true).put("channel", body.path("channel").asText())
        .put("ts", String.format("1767225600.%06d", sequence.incrementAndGet())));
  }

  private Answer teams(JsonNode body) {
    if (!"MessageCard".equals(body.path("@type").asText()) || !body.path("summary").isTextual()) {
      return new Answer(400, "Summary or Text is required.", "text/plain; charset=utf-8");
    }
    return new Answer(200, "1", "text/plain; charset=utf-8");
  }

  private Answer block(JsonNode body) {
    String address = body.path("address").asText("");
    if (address.isEmpty()) {
      return Answer.json(400, object().put("message", "address is required"));
    }
    String fresh = "rule-" + sequence.incrementAndGet();
    String existing = blockRules.putIfAbsent(address, fresh);
    if (existing != null) {
      return Answer.json(409, object().put("message", "address " + address + " is already blocked")
          .put("id", existing));
    }
    return Answer.json(201, object().put("id", fresh).put("address", address).put("action", "block"));
  }

  /** Removes a block rule by id and address; 404 when there is no such rule. */
  private Answer unblock(JsonNode body) {
    String address = body.path("address").asText("");
    String id = body.path("id").asText("");
    if (!blockRules.remove(address, id)) {
      return Answer.json(404, object().put("message", "no rule " + id + " for " + address));
    }
    return Answer.json(200, object().put("id", id).put("address", address).put("removed", true));
  }

  /** Removes a blocklist entry by id and value; 404 when there is no such entry. */
  private Answer unlist(JsonNode body) {
    String value = body.path("value").asText("");
    String id = body.path("id").asText("");
    if (!blocklist.remove(value, id)) {
      return Answer.json(404, object().put("message", "no entry " + id + " for " + value));
    }
    return Answer.json(200, object().put("id", id).put("value", value).put("removed", true));
  }

  /** Adds an entry; an address already listed answers 200 with its entry and {@code created: false}. */
  private Answer blocklistEntry(JsonNode body) {
    String value = body.path("value").asText("");
    if (value.isEmpty() || !body.path("type").isTextual()) {
      return Answer.json(400, object().put("message", "value and type are required"));
    }
    String fresh = "bl-" + sequence.incrementAndGet();
    String existing = blocklist.putIfAbsent(value, fresh);
    return Answer.json(existing == null ? 201 : 200, object().put("id", existing == null ? fresh : existing)
        .put("value", value).put("type", body.path("type").asText()).put("created", existing == null));
  }

  private Answer isolate(JsonNode body) {
    if (body.path("address").asText("").isEmpty() && body.path("hostname").asText("").isEmpty()) {
      return Answer.json(400, object().put("message", "address or hostname is required"));
    }
    return Answer.json(200, object().put("id", "iso-" + sequence.incrementAndGet())
        .put("state", "isolated").put("address", body.path("address").asText("")));
  }

  private Answer incident(JsonNode body) {
    if (body.path("short_description").asText("").isEmpty()) {
      return Answer.json(400, object().put("message", "short_description is required"));
    }
    int n = sequence.incrementAndGet();
    ObjectNode result = object().put("sys_id", String.format("%032x", n))
        .put("number", String.format("INC%07d", 10000 + n))
        .put("short_description", body.path("short_description").asText())
        .put("urgency", body.path("urgency").asText("3"));
    return Answer.json(201, object().set("result", result));
  }

  private ObjectNode object() {
    return json.createObjectNode();
  }
}
