package io.edrplaybook.subprocess.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.subprocess.CPythonSettings;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The frames the JVM and the bootstrap exchange (see bootstrap.py): one JSON object a line;
 * and how an answer becomes a {@link ScriptOutcome}. Every request carries a fresh random id its
 * answer must echo. Thread-safe.
 */
final class Protocol {
  /** Output the worker keeps past the cap, so a cut can see whether it would split a value. */
  static final int MARGIN = 4096;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ObjectWriter writer = MAPPER.writer();
  private final ObjectReader reader = MAPPER.readerFor(Map.class);
  private final int outputCap;
  /** ctx keys whose values change per configuration, not per run: their encoding is kept per script. */
  private static final java.util.Set<String> CACHED = java.util.Set.of("action", "connector", "params");
  private final ThreadLocal<JsonFrame> frames = ThreadLocal.withInitial(() -> new JsonFrame(4096));

  Protocol(CPythonSettings settings) {
    this.outputCap = settings.outputCap();
  }

  /**
   * One request.
   *
   * @param bytes the frame, ending in a newline
   * @param id the id its answer must echo
   */
  record Request(byte[] bytes, String id) {}

  byte[] init(CPythonSettings settings) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("op", "init");
    frame.put("cap", settings.outputCap());
    frame.put("margin", MARGIN);
    frame.put("mem", settings.memoryLimit());
    frame.put("site", settings.sitePackages());
    frame.put("path", settings.pythonPath());
    return encode(frame);
  }

  Request compile(PythonScript script) {
    Map<String, Object> frame = new LinkedHashMap<>();
    String id = newId();
    frame.put("op", "compile");
    frame.put("id", id);
    frame.put("key", script.key());
    frame.put("file", script.source().file());
    frame.put("src", script.source().text());
    return new Request(encode(frame), id);
  }

  /**
   * A run frame; the source only when the worker has not compiled the script yet.
   *
   * @param softMillis when the worker reports a timeout (with output and stack), from now
   */
  Request run(PythonScript script, ScriptCall call, boolean withSource, long softMillis) {
    String id = newId();
    JsonFrame f = frames.get().reset();
    f.ascii("{\"op\":\"run\",\"id\":").string(id).raw(script.keyAndFile())
        .ascii(",\"fn\":").string(call.entryPoint().function()).ascii(",\"ctx\":");
    ctx(f, script.parts(), call.ctx());
    f.ascii(",\"soft\":").number(Math.max(1, softMillis));
    if (withSource) {
      f.ascii(",\"src\":").string(script.source().text());
    }
    return new Request(f.ascii("}").line(), id);
  }

  /**
   * Writes {@code ctx}: the parts that change per configuration (action, connector, params) from
   * the script's cache when the very same, unchanged map was encoded before; the rest (the event,
   * the invocation id) as it is; any value of a type the frame writer does not know, by Jackson.
   */
  private void ctx(JsonFrame f, EncodedParts parts, Map<String, Object> ctx) {
    for (Object k : ctx.keySet()) {
      if (!(k instanceof String)) {
        f.raw(jackson(ctx)); // what Jackson makes of odd keys (or its error), as before
        return;
      }
    }
    f.ascii("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : ctx.entrySet()) {
      if (!first) {
        f.ascii(",");
      }
      first = false;
      String key = e.getKey();
      Object value = e.getValue();
      f.string(key).ascii(":");
      if (CACHED.contains(key) && (value instanceof Map || value instanceof List)) {
        byte[] json = parts.get(key, value);
        if (json == null) {
          json = JsonFrame.plain(value) ? new JsonFrame(256).value(value).bytes() : null;
          if (json != null) {
            parts.put(key, value, json);
          } else {
            json = jackson(value);
          }
        }
        f.raw(json);
      } else if (!f.tryValue(value)) {
        f.raw(jackson(value));
      }
    }
    f.ascii("}");
  }

  private byte[] jackson(Object value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new PlaybookException("The call could not be encoded as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private byte[] encode(Map<String, Object> frame) {
    try {
      byte[] json = writer.writeValueAsBytes(frame);
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new PlaybookException("The call could not be encoded as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> parse(byte[] buf, int off, int len) throws IOException {
    Object value = reader.readValue(buf, off, len);
    if (!(value instanceof Map<?, ?>)) {
      throw new IOException("the worker sent a frame that is not a JSON object");
    }
    return (Map<String, Object>) value;
  }

  /** Turns the answer to a run into its outcome; {@code ctx} tells which values a cut must not split. */
  @SuppressWarnings("unchecked")
  ScriptOutcome outcome(Reply reply, Duration timeout, Map<String, Object> ctx) {
    switch (reply.kind()) {
      case TIMED_OUT:
        return ScriptOutcome.timedOut("the script ran past its deadline of " + millis(timeout)
            + " and its worker was killed (it did not report where it was)", "", false);
      case CLOSED:
        return ScriptOutcome.failed(ScriptError.of("RunnerClosed",
            "the cpython runner was closed during the run"), "", false);
      case DIED:
        return ScriptOutcome.failed(new ScriptError("WorkerDied", "the Python worker "
            + reply.detail() + " during the run", stderrReport(reply.stderrTail(), ctx), false),
            "", false);
      default:
        break;
    }
    Map<String, Object> f = reply.frame();
    long size = f.get("size") instanceof Number n ? n.longValue() : 0;
    String out = text(f.get("out"));
    boolean truncated = size > outputCap || out.length() > outputCap;
    if (truncated) {
      int cut = SafeCut.head(out, outputCap, SafeCut.values(ctx));
      out = out.substring(0, cut) + "\n[output truncated: " + (Math.max(size, out.length()) - cut)
          + " more characters not kept]\n";
    }
    if (reply.kind() == Reply.Kind.TIMEOUT_REPORT) {
      String message = "the script ran past its deadline of " + millis(timeout)
          + " and was stopped; the traceback shows where it was";
      String stack = text(f.get("traceback"));  // "Traceback (most recent call last):" and frames
      return new ScriptOutcome(ScriptOutcome.Status.TIMED_OUT, Optional.empty(), out, truncated,
          Optional.of(new ScriptError("TimeoutError", message,
              stack.isEmpty() ? "" : stack + "TimeoutError: " + message + "\n", false)));
    }
    if ("ok".equals(f.get("status"))) {
      return ScriptOutcome.succeeded((Map<String, Object>) f.get("result"), out, truncated);
    }
    ScriptError error = new ScriptError(text(f.getOrDefault("type", "Error")), text(f.get("message")),
        text(f.get("traceback")), Boolean.TRUE.equals(f.get("transient")));
    return ScriptOutcome.failed(error, out, truncated).withRetryAfter(retryAfter(f.get("retryAfter")));
  }

  /** The worker's retry-after hint in seconds, or null when absent or outside 0 to 1 hour. */
  static Duration retryAfter(Object seconds) {
    if (!(seconds instanceof Number n)) {
      return null;
    }
    double s = n.doubleValue();
    if (!(s >= 0 && s <= ScriptOutcome.MAX_RETRY_AFTER.toSeconds())) {
      return null;
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static String stderrReport(String tail, Map<String, Object> ctx) {
    if (tail.isBlank()) {
      return "(the worker wrote nothing to stderr)";
    }
    List<String> values = SafeCut.values(ctx);
    if (tail.startsWith("[... ")) {  // StderrTail dropped the beginning: do not start inside a value
      int nl = tail.indexOf('\n');
      String head = tail.substring(0, nl + 1);
      String rest = tail.substring(nl + 1);
      tail = head + rest.substring(SafeCut.tailStart(rest, values));
    }
    return "worker stderr (tail):\n" + tail;
  }

  private static String millis(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }
}
