package io.edrplaybook.core.internal.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.ScriptError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a history entry as one line of JSON and reads it back. One line, because
 * {@code ObjectMapper} escapes newlines inside strings: a line is a record.
 */
public final class JournalCodec {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private JournalCodec() {}

  /** Returns {@code entry} as one line of JSON, without the newline. */
  public static String encode(HistoryEntry entry) {
    ObjectNode n = JSON.createObjectNode();
    if (entry instanceof ClassificationChange c) {
      n.put("type", "classification");
      n.put("eventId", c.eventId());
      n.put("organization", c.organization());
      n.put("classification", c.classification().name());
      n.put("previous", c.previous().map(Enum::name).orElse(null));
      n.put("time", c.time().toString());
      n.put("playbook", c.playbook().orElse(null));
      n.put("note", c.note());
    } else if (entry instanceof InvocationStarted s) {
      n.put("type", "started");
      n.set("invocation", invocation(s.invocation()));
      n.put("time", s.time().toString());
      if (!s.queued().isZero()) {
        n.put("queuedNanos", s.queued().toNanos());
      }
    } else if (entry instanceof InvocationResult r) {
      n.put("type", "result");
      n.set("invocation", invocation(r.invocation()));
      n.put("status", r.status().name());
      n.put("startedAt", r.startedAt().toString());
      n.put("durationNanos", r.duration().toNanos());
      n.put("message", r.message());
      n.set("result", r.result().<JsonNode>map(JSON::valueToTree).orElse(null));
      n.put("output", r.output());
      n.put("outputTruncated", r.outputTruncated());
      r.error().ifPresent(e -> {
        ObjectNode err = n.putObject("error");
        err.put("type", e.type());
        err.put("message", e.message());
        err.put("traceback", e.traceback());
        err.put("transient", e.transientFailure());
      });
    } else if (entry instanceof AwaitingApproval a) {
      n.put("type", "awaitingApproval");
      n.set("invocation", invocation(a.invocation()));
      n.put("time", a.time().toString());
      n.put("expiresAt", a.expiresAt().toString());
      n.put("onExpiry", a.onExpiry().name());
      n.put("reason", a.reason());
      n.set("event", JSON.valueToTree(a.event()));
    } else if (entry instanceof io.edrplaybook.api.UndoScheduled u) {
      n.put("type", "undoScheduled");
      n.set("invocation", invocation(u.original()));
      n.put("time", u.time().toString());
      n.put("dueAt", u.dueAt().map(Instant::toString).orElse(null));
      com.fasterxml.jackson.databind.node.ArrayNode to = n.putArray("onReclassifiedTo");
      u.onReclassifiedTo().stream().sorted().forEach(c -> to.add(c.name()));
      n.set("event", JSON.valueToTree(u.event()));
    } else if (entry instanceof io.edrplaybook.api.UndoEnded d) {
      n.put("type", "undoEnded");
      n.set("invocation", invocation(d.original()));
      n.put("ran", d.ran());
      n.put("undoInvocationId", d.undoInvocationId().orElse(null));
      n.put("reason", d.reason());
      n.put("time", d.time().toString());
    } else if (entry instanceof ApprovalDecision d) {
      n.put("type", "approvalDecision");
      n.set("invocation", invocation(d.invocation()));
      n.put("verdict", d.verdict().name());
      n.put("by", d.by());
      n.put("comment", d.comment());
      n.put("time", d.time().toString());
    }
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a history entry could not be written as JSON", e);
    }
  }

  /**
   * Reads one line.
   *
   * @throws IllegalArgumentException when the line is not a history entry
   */
  @SuppressWarnings("unchecked")
  public static HistoryEntry decode(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String type = n.path("type").asText();
    try {
      switch (type) {
        case "classification":
          return new ClassificationChange(n.get("eventId").asText(), n.get("organization").asText(),
              Classification.valueOf(n.get("classification").asText()),
              text(n, "previous").map(Classification::valueOf), Instant.parse(n.get("time").asText()),
              text(n, "playbook"), n.path("note").asText(""));
        case "started":
          return new InvocationStarted(invocation(n.get("invocation")), Instant.parse(n.get("time").asText()),
              Duration.ofNanos(Math.max(0, n.path("queuedNanos").asLong(0))));
        case "result":
          Optional<Map<String, Object>> result = n.hasNonNull("result")
              ? Optional.of(JSON.convertValue(n.get("result"), Map.class)) : Optional.empty();
          Optional<ScriptError> error = n.hasNonNull("error")
              ? Optional.of(new ScriptError(n.get("error").path("type").asText(), n.get("error").path("message").asText(""),
                  n.get("error").path("traceback").asText(""), n.get("error").path("transient").asBoolean()))
              : Optional.empty();
          return new InvocationResult(invocation(n.get("invocation")), InvocationStatus.valueOf(n.get("status").asText()),
              Instant.parse(n.get("startedAt").asText()), Duration.ofNanos(n.get("durationNanos").asLong()),
              n.path("message").asText(""), result, n.path("output").asText(""), n.path("outputTruncated").asBoolean(),
              error);
        case "awaitingApproval":
          return new AwaitingApproval(invocation(n.get("invocation")), Instant.parse(n.get("time").asText()),
              Instant.parse(n.get("expiresAt").asText()), ApprovalGate.OnExpiry.valueOf(n.get("onExpiry").asText()),
              JSON.convertValue(n.get("event"), Map.class), n.path("reason").asText(""));
        case "undoScheduled": {
          java.util.Set<Classification> to = java.util.EnumSet.noneOf(Classification.class);
          n.path("onReclassifiedTo").forEach(c -> to.add(Classification.valueOf(c.asText())));
          return new io.edrplaybook.api.UndoScheduled(invocation(n.get("invocation")),
              Instant.parse(n.get("time").asText()), text(n, "dueAt").map(Instant::parse), to,
              JSON.convertValue(n.get("event"), Map.class));
        }
        case "undoEnded":
          return new io.edrplaybook.api.UndoEnded(invocation(n.get("invocation")), n.path("ran").asBoolean(),
              text(n, "undoInvocationId"), n.path("reason").asText(""), Instant.parse(n.get("time").asText()));
        case "approvalDecision":
          return new ApprovalDecision(invocation(n.get("invocation")),
              ApprovalDecision.Verdict.valueOf(n.get("verdict").asText()), n.get("by").asText(),
              n.path("comment").asText(""), Instant.parse(n.get("time").asText()));
        default:
          throw new IllegalArgumentException("unknown entry type \"" + type + "\"");
      }
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("unknown")) {
        throw e;
      }
      throw new IllegalArgumentException("incomplete " + type + " entry: " + e);
    }
  }

  private static Optional<String> text(JsonNode n, String field) {
    return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
  }

  private static ObjectNode invocation(Invocation i) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", i.id());
    n.put("eventId", i.eventId());
    n.put("organization", i.organization());
    n.put("classification", i.classification().name());
    n.put("action", i.action());
    n.put("connector", i.connector());
    n.put("script", i.script());
    n.put("runner", i.runner());
    n.put("jumpBox", i.jumpBox());
    n.put("test", i.test());
    n.put("attempt", i.attempt());
    return n;
  }

  private static Invocation invocation(JsonNode n) {
    return new Invocation(n.get("id").asText(), n.get("eventId").asText(), n.get("organization").asText(),
        Classification.valueOf(n.get("classification").asText()), n.get("action").asText(),
        n.get("connector").asText(), n.get("script").asText(), n.get("runner").asText(), n.get("jumpBox").asText(),
        n.path("test").asBoolean(), n.path("attempt").asInt(1));
  }
}
