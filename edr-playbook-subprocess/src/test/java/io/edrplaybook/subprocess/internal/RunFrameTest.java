package io.edrplaybook.subprocess.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptSource;
import io.edrplaybook.subprocess.CPythonSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the run frame is written without a serializer per value and with the per-configuration
 * ctx parts encoded once per script, and reads exactly as the frame Jackson wrote before.
 */
class RunFrameTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Protocol protocol = new Protocol(CPythonSettings.defaults());
  private final PythonScript script = new PythonScript(new ScriptSource("a", "actions/a.py", "def run(ctx): pass\n"),
      "k1", false);

  private Map<String, Object> ctx(Map<String, Object> connector, Map<String, Object> event) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("action", Map.of("name", "Block", "description", "Blocks"));
    ctx.put("connector", connector);
    ctx.put("event", event);
    ctx.put("params", Map.of("list", List.of(1, 2.5, "x", true)));
    ctx.put("test", false);
    ctx.put("invocationId", "inv-1");
    return ctx;
  }

  private static Map<String, Object> connector(String key) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", "Edge FW");
    c.put("port", 443);
    c.put("auth", new LinkedHashMap<>(Map.of("type", "apiKey", "apiKey", key)));
    return c;
  }

  private Map<?, ?> sent(Map<String, Object> ctx, boolean withSource) throws Exception {
    byte[] line = protocol.run(script, new ScriptCall(EntryPoint.RUN, ctx, Duration.ofSeconds(5), "inv-1"), withSource,
        1234).bytes();
    assertEquals('\n', line[line.length - 1]);
    for (int i = 0; i < line.length - 1; i++) {
      assertTrue(line[i] >= 0x20 && line[i] < 0x7f, "one ASCII line: byte " + line[i] + " at " + i);
    }
    return JSON.readValue(Arrays.copyOf(line, line.length - 1), Map.class);
  }

  @Test
  void theFrameReadsAsTheMapJacksonWouldHaveWritten() throws Exception {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", "ev-\"1\"\\ \n\t\r\b\f \u0001 \u007f");
    event.put("text", "Grüße 🙂 \u2028 日本");
    event.put("previousClassification", null);
    event.put("epochMillis", 1_767_258_000_123L);
    event.put("numbers", List.of(1, -2L, (short) 3, (byte) 4, 0.1, 1e300, 2.5f, new BigInteger("123456789012345678901234"),
        new BigDecimal("1E+3"), new BigDecimal("0.000001")));
    event.put("nested", List.of(Map.of(), List.of(), Map.of("a", List.of(Map.of("b", "c")))));
    Map<String, Object> ctx = ctx(connector("secret-1"), event);
    Map<?, ?> frame = sent(ctx, true);
    assertEquals("run", frame.get("op"));
    assertEquals(32, ((String) frame.get("id")).length());
    assertEquals("k1", frame.get("key"));
    assertEquals("actions/a.py", frame.get("file"));
    assertEquals("run", frame.get("fn"));
    assertEquals(1234, frame.get("soft"));
    assertEquals("def run(ctx): pass\n", frame.get("src"));
    assertEquals(JSON.readValue(JSON.writeValueAsBytes(ctx), Map.class), frame.get("ctx"));
    assertEquals(List.copyOf(ctx.keySet()), List.copyOf(((Map<?, ?>) frame.get("ctx")).keySet()), "key order kept");
  }

  @Test
  void aConnectorMapChangedBetweenRunsIsEncodedAgain() throws Exception {
    Map<String, Object> connector = connector("secret-1");
    Map<String, Object> ctx = ctx(connector, Map.of("id", "ev-1"));
    assertEquals("secret-1", auth(sent(ctx, false)).get("apiKey"));
    assertEquals(3, script.parts().size(), "action, connector and params were kept");
    @SuppressWarnings("unchecked")
    Map<String, Object> auth = (Map<String, Object>) connector.get("auth");
    auth.put("apiKey", "secret-2"); // the same instances, changed in place
    assertEquals("secret-2", auth(sent(ctx, false)).get("apiKey"));
    connector.put("port", 8443);
    assertEquals(8443, ((Map<?, ?>) ((Map<?, ?>) sent(ctx, false).get("ctx")).get("connector")).get("port"));
    Map<String, Object> other = connector("secret-3"); // an equal-looking but other instance
    assertEquals("secret-3", auth(sent(ctx(other, Map.of()), false)).get("apiKey"));
  }

  @Test
  void theSameUnchangedMapsAreNotEncodedAgain() throws Exception {
    Map<String, Object> connector = connector("secret-1");
    sent(ctx(connector, Map.of()), false);
    byte[] first = script.parts().get("connector", connector);
    sent(ctx(connector, Map.of("id", "other event")), false);
    assertSame(first, script.parts().get("connector", connector));
  }

  @Test
  void theCacheIsBoundedAndValuesOfOtherTypesStillGoThroughJackson() throws Exception {
    for (int i = 0; i < 3 * EncodedParts.SIZE; i++) {
      sent(ctx(connector("s" + i), Map.of()), false);
    }
    assertEquals(EncodedParts.SIZE, script.parts().size());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("nan", Double.NaN);  // Jackson's own way: a string
    event.put("chars", new ArrayList<>(List.of('x')));
    Map<?, ?> e = (Map<?, ?>) ((Map<?, ?>) sent(ctx(connector("s"), event), false).get("ctx")).get("event");
    assertEquals("NaN", e.get("nan"));
    assertEquals(List.of("x"), e.get("chars"));
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("self", new Object());
    assertThrows(PlaybookException.class, () -> sent(ctx(connector("s"), bad), false));
  }

  @Test
  void nonAsciiTextSurvivesAsEscapes() throws Exception {
    String text = "Grüße 🙂 \u0000 end";
    Map<?, ?> e = (Map<?, ?>) ((Map<?, ?>) sent(ctx(connector("s"), Map.of("t", text)), false).get("ctx")).get("event");
    assertEquals(text, e.get("t"));
    assertArrayEquals("\"Gr\\u00fc\\u00dfe \\ud83d\\ude42 \\u0000 end\"".getBytes(StandardCharsets.US_ASCII),
        new JsonFrame(8).string(text).bytes());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> auth(Map<?, ?> frame) {
    return (Map<String, Object>) ((Map<?, ?>) ((Map<?, ?>) frame.get("ctx")).get("connector")).get("auth");
  }
}
