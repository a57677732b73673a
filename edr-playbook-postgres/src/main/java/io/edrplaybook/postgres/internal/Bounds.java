package io.edrplaybook.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.ScriptError;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one terminal record may hold in the journal's tables: output 128 Ki characters, result
 * 256 KiB of JSON, messages 8 Ki characters, traceback 32 Ki characters. What exceeds it is cut
 * with a marker ({@code outputTruncated} set; a result too big is replaced by a map whose key
 * {@code "journal"} says so), so a script printing megabytes cannot bloat the database.
 */
final class Bounds {
  static final int OUTPUT_CHARS = 128 * 1024;
  static final int RESULT_BYTES = 256 * 1024;
  static final int TEXT_CHARS = 8 * 1024;
  static final int TRACEBACK_CHARS = 32 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Bounds() {}

  /** Returns {@code r} within the bounds; {@code r} itself when it already is. */
  static InvocationResult bound(InvocationResult r) {
    int resultBytes = r.result().map(Bounds::jsonBytes).orElse(0);
    boolean fits = resultBytes <= RESULT_BYTES && r.output().length() <= OUTPUT_CHARS
        && r.message().length() <= TEXT_CHARS
        && r.error().map(e -> e.type().length() <= TEXT_CHARS && e.message().length() <= TEXT_CHARS
            && e.traceback().length() <= TRACEBACK_CHARS).orElse(true);
    if (fits) {
      return r;
    }
    Optional<Map<String, Object>> result = r.result();
    if (resultBytes > RESULT_BYTES) {
      Map<String, Object> marker = new LinkedHashMap<>();
      if (r.result().get().get("message") instanceof String m) {
        marker.put("message", cut(m, TEXT_CHARS));
      }
      marker.put("journal", "the result (" + resultBytes + " bytes of JSON) was larger than the journal keeps ("
          + RESULT_BYTES + " bytes) and was not recorded");
      result = Optional.of(marker);
    }
    Optional<ScriptError> error = r.error().map(e -> new ScriptError(cut(e.type(), TEXT_CHARS),
        cut(e.message(), TEXT_CHARS), cut(e.traceback(), TRACEBACK_CHARS), e.transientFailure()));
    String output = cut(r.output(), OUTPUT_CHARS);
    return new InvocationResult(r.invocation(), r.status(), r.startedAt(), r.duration(), cut(r.message(), TEXT_CHARS),
        result, output, r.outputTruncated() || !output.equals(r.output()), error);
  }

  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "\n[... " + (s.length() - end) + " characters cut by the journal]";
  }

  private static int jsonBytes(Map<String, Object> result) {
    try {
      return JSON.writeValueAsString(result).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException e) {
      return Integer.MAX_VALUE;
    }
  }
}
