package io.edrplaybook.core.internal.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoScheduled;
import java.io.IOException;
import java.io.StringWriter;
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

  /**
   * Returns {@code entry} as one line of JSON, without the newline: written field by field with a
   * generator (no tree of nodes, no serializer lookups but for a run's result).
   */
  public static String encode(HistoryEntry entry) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      write(g, entry);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("a history entry could not be written as JSON", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, HistoryEntry entry) throws IOException {
    if (entry instanceof ClassificationChange c) {
      g.writeStringField("type", "classification");
      g.writeStringField("eventId", c.eventId());
      g.writeStringField("organization", c.organization());
      g.writeStringField("classification", c.classification().name());
      g.writeStringField("previous", c.previous().map(Enum::name).orElse(null));
      g.writeStringField("time", c.time().toString());
      g.writeStringField("playbook", c.playbook().orElse(null));
      g.writeStringField("note", c.note());
    } else if (entry instanceof InvocationStarted s) {
      g.writeStringField("type", "started");
      invocation(g, "invocation", s.invocation());
      g.writeStringField("time", s.time().toString());
      if (!s.queued().isZero()) {
        g.writeNumberField("queuedNanos", s.queued().toNanos());
      }
    } else if (entry instanceof InvocationResult r) {
      g.writeStringField("type", "result");
      invocation(g, "invocation", r.invocation());
      g.writeStringField("status", r.status().name());
      g.writeStringField("startedAt", r.startedAt().toString());
      g.writeNumberField("durationNanos", r.duration().toNanos());
      g.writeStringField("message", r.message());
      g.writeFieldName("result");
      if (r.result().isPresent()) {
        JSON.writeValue(g, r.result().get());
      } else {
        g.writeNull();
      }
      g.writeStringField("output", r.output());
      g.writeBooleanField("outputTruncated", r.outputTruncated());
      if (r.error().isPresent()) {
        ScriptError e = r.error().get();
        g.writeObjectFieldStart("error");
        g.writeStringField("type", e.type());
        g.writeStringField("message", e.message());
        g.writeStringField("traceback", e.traceback());
        g.writeBooleanField("transient", e.transientFailure());
        g.writeEndObject();
      }
    } else if (entry instanceof AwaitingApproval a) {
      g.writeStringField("type", "awaitingApproval");
      invocation(g, "invocation", a.invocation());
      g.writeStringField("time", a.time().toString());
      g.writeStringField("expiresAt", a.expiresAt().toString());
      g.writeStringField("onExpiry", a.onExpiry().name());
      g.writeStringField("reason", a.reason());
      g.writeFieldName("event");
      JSON.writeValue(g, a.event());
    } else if (entry instanceof UndoScheduled u) {
      g.writeStringField("type", "undoScheduled");
      invocation(g, "invocation", u.original());
      g.writeStringField("time", u.time().toString());
      g.writeStringField("dueAt", u.dueAt().map(Instant::toString).orElse(null));
      g.writeArrayFieldStart("onReclassifiedTo");
      for (Classification c : u.onReclassifiedTo().stream().sorted().toList()) {
        g.writeString(c.name());
      }
      g.writeEndArray();
      g.writeFieldName("event");
      JSON.writeValue(g, u.event());
    } else if (entry instanceof UndoEnded d) {
      g.writeStringField("type", "undoEnded");
      invocation(g, "invocation", d.original());
      g.writeBooleanField("ran", d.ran());
      g.writeStringField("undoInvocationId", d.undoInvocationId().orElse(null));
      g.writeStringField("reason", d.reason());
      g.writeStringField("time", d.time().toString());
    } else if (entry instanceof ApprovalDecision d) {
      g.writeStringField("type", "approvalDecision");
      invocation(g, "invocation", d.invocation());
      g.writeStringField("verdict", d.verdict().name());
      g.writeStringField("by", d.by());
      g.writeStringField("comment", d.comment());
      g.writeStringField("time", d.time().toString());
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
          return new UndoScheduled(invocation(n.get("invocation")),
              Instant.parse(n.get("time").asText()), text(n, "dueAt").map(Instant::parse), to,
              JSON.convertValue(n.get("event"), Map.class));
        }
        case "undoEnded":
          return new UndoEnded(invocation(n.get("invocation")), n.path("ran").asBoolean(),
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

  private static void invocation(JsonGenerator g, String field, Invocation i) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("id", i.id());
    g.writeStringField("eventId", i.eventId());
    g.writeStringField("organization", i.organization());
    g.writeStringField("classification", i.classification().name());
    g.writeStringField("action", i.action());
    g.writeStringField("connector", i.connector());
    g.writeStringField("script", i.script());
    g.writeStringField("runner", i.runner());
    g.writeStringField("jumpBox", i.jumpBox());
    g.writeBooleanField("test", i.test());
    g.writeNumberField("attempt", i.attempt());
    g.writeEndObject();
  }

  private static Invocation invocation(JsonNode n) {
    return new Invocation(n.get("id").asText(), n.get("eventId").asText(), n.get("organization").asText(),
        Classification.valueOf(n.get("classification").asText()), n.get("action").asText(),
        n.get("connector").asText(), n.get("script").asText(), n.get("runner").asText(), n.get("jumpBox").asText(),
        n.path("test").asBoolean(), n.path("attempt").asInt(1));
  }
}
