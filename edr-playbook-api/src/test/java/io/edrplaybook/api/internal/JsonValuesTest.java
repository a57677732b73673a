package io.edrplaybook.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The copy's error messages name the path of the bad value (built only when there is one). */
class JsonValuesTest {
  @Test
  void aBadValueIsNamedByItsPathThroughMapsAndLists() {
    Map<String, Object> bad = Map.of("a", Map.of("b", List.of("x", new Object())));
    var e = assertThrows(IllegalArgumentException.class, () -> JsonValues.copy("result", bad));
    assertTrue(e.getMessage().startsWith("result.a.b[1]: must be a JSON value"), e.getMessage());
  }

  @Test
  void nonFiniteNumbersAndNullKeysNameTheirPath() {
    var nan = assertThrows(IllegalArgumentException.class,
        () -> JsonValues.copy("details", Map.of("n", List.of(Map.of("v", Double.NaN)))));
    assertEquals("details.n[0].v: must be a finite number, was NaN", nan.getMessage());
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    var key = assertThrows(IllegalArgumentException.class,
        () -> JsonValues.copy("params", Map.of("inner", nullKey)));
    assertEquals("params.inner: keys must be strings, was null", key.getMessage());
    var top = assertThrows(IllegalArgumentException.class, () -> JsonValues.copy("params", nullKey));
    assertEquals("params: keys must not be null", top.getMessage());
  }

  @Test
  void theCopyKeepsOrderAndValues() {
    Map<String, Object> in = new java.util.LinkedHashMap<>();
    in.put("z", 1);
    in.put("a", Arrays.asList("s", null, 2.5));
    Map<String, Object> out = JsonValues.copy("r", in);
    assertEquals(List.of("z", "a"), List.copyOf(out.keySet()));
    assertEquals(in, out);
  }
}
