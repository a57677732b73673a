package io.edrplaybook.core.internal.journal;

import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.ScriptError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one record may hold, so that everything written can be read back: a result's JSON, its
 * output, message and error are cut to these bounds with a marker saying how much was cut (an
 * oversized result is replaced by a map saying so). Event ids and names are not cut: they are an
 * event's identity, and one too long is refused.
 */
public final class Limits {
  /** The longest output kept, in characters. */
  public static final int OUTPUT_CHARS = 128 * 1024;
  /** The largest result kept, in bytes of JSON. */
  public static final int RESULT_BYTES = 256 * 1024;
  /** The longest message, note or error message kept, in characters. */
  public static final int TEXT_CHARS = 8 * 1024;
  /** The longest traceback kept, in characters. */
  public static final int TRACEBACK_CHARS = 32 * 1024;
  /** The longest event id, organization or name accepted, in characters. */
  public static final int KEY_CHARS = 4 * 1024;
  /** The key of the map that replaces a result too big to keep. */
  public static final String CUT_RESULT_KEY = "journal";

  private Limits() {}

  /** Returns {@code s} cut to {@code max} characters with a marker, or {@code s} when it fits. */
  public static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "\n[... " + (s.length() - end) + " characters cut by the journal]";
  }

  /** Returns {@code r} within the bounds, {@code r} itself when it already is. */
  public static InvocationResult bound(InvocationResult r, byte[][] json) {
    json[0] = r.result().isPresent() ? RecordCodec.json(r.result().get()) : null;
    boolean bigResult = json[0] != null && json[0].length > RESULT_BYTES;
    boolean fits = !bigResult && r.output().length() <= OUTPUT_CHARS && r.message().length() <= TEXT_CHARS
        && r.error().map(e -> e.type().length() <= TEXT_CHARS && e.message().length() <= TEXT_CHARS
            && e.traceback().length() <= TRACEBACK_CHARS).orElse(true);
    if (fits) {
      return r;
    }
    Optional<Map<String, Object>> result = r.result();
    if (bigResult) {
      Map<String, Object> marker = new LinkedHashMap<>();
      Object message = r.result().get().get("message");
      if (message instanceof String m) {
        marker.put("message", cut(m, TEXT_CHARS));
      }
      marker.put(CUT_RESULT_KEY, "the result (" + json[0].length + " bytes of JSON) was larger than the journal keeps ("
          + RESULT_BYTES + " bytes) and was not recorded");
      result = Optional.of(marker);
      json[0] = RecordCodec.json(marker);
    }
    Optional<ScriptError> error = r.error().map(e -> new ScriptError(cut(e.type(), TEXT_CHARS),
        cut(e.message(), TEXT_CHARS), cut(e.traceback(), TRACEBACK_CHARS), e.transientFailure()));
    String output = cut(r.output(), OUTPUT_CHARS);
    return new InvocationResult(r.invocation(), r.status(), r.startedAt(), r.duration(), cut(r.message(), TEXT_CHARS),
        result, output, r.outputTruncated() || output.length() != r.output().length(), error);
  }
}
