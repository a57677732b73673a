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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frames the JVM and the bootstrap exchange (see bootstrap.py): one JSON object a line;
 * and how an answer becomes a {@link ScriptOutcome}. Thread-safe.
 */
final class Protocol {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ObjectWriter writer = MAPPER.writer();
  private final ObjectReader reader = MAPPER.readerFor(Map.class);

  byte[] init(CPythonSettings settings) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("op", "init");
    frame.put("cap", settings.outputCap());
    frame.put("mem", settings.memoryLimit());
    frame.put("site", settings.sitePackages());
    return encode(frame);
  }

  byte[] compile(PythonScript script) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("op", "compile");
    frame.put("key", script.key());
    frame.put("file", script.source().file());
    frame.put("src", script.source().text());
    return encode(frame);
  }

  /** A run frame; the source only when the worker has not compiled the script yet. */
  byte[] run(PythonScript script, ScriptCall call, boolean withSource) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("op", "run");
    frame.put("key", script.key());
    frame.put("file", script.source().file());
    frame.put("fn", call.entryPoint().function());
    frame.put("ctx", call.ctx());
    if (withSource) {
      frame.put("src", script.source().text());
    }
    return encode(frame);
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

  /** Turns the answer to a run into its outcome. */
  @SuppressWarnings("unchecked")
  ScriptOutcome outcome(Reply reply, Duration timeout) {
    switch (reply.kind()) {
      case TIMED_OUT:
        return ScriptOutcome.timedOut("the script ran past its deadline of " + millis(timeout)
            + " and its worker's process group was killed", "", false);
      case CLOSED:
        return ScriptOutcome.failed(ScriptError.of("RunnerClosed",
            "the cpython runner was closed during the run"), "", false);
      case DIED:
        return ScriptOutcome.failed(new ScriptError("WorkerDied", "the Python worker "
            + reply.detail() + " during the run", stderrReport(reply.stderrTail()), false), "", false);
      default:
        break;
    }
    Map<String, Object> f = reply.frame();
    long dropped = f.get("dropped") instanceof Number n ? n.longValue() : 0;
    String out = text(f.get("out"));
    if (dropped > 0) {
      out = out + "\n[output truncated: " + dropped + " more characters not kept]\n";
    }
    if ("ok".equals(f.get("status"))) {
      return ScriptOutcome.succeeded((Map<String, Object>) f.get("result"), out, dropped > 0);
    }
    ScriptError error = new ScriptError(text(f.getOrDefault("type", "Error")), text(f.get("message")),
        text(f.get("traceback")), Boolean.TRUE.equals(f.get("transient")));
    return ScriptOutcome.failed(error, out, dropped > 0);
  }

  private static String stderrReport(String tail) {
    return tail.isBlank() ? "(the worker wrote nothing to stderr)" : "worker stderr (tail):\n" + tail;
  }

  private static String millis(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }
}
