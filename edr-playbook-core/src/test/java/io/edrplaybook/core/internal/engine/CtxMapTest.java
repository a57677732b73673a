package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ctx's fixed-shape maps read like the ordered, read-only maps they replace. */
class CtxMapTest {
  private static final String[] KEYS = {"id", "previous", "n"};

  @Test
  void readsInKeyOrderWithNullValuesAndEqualsAnOrdinaryMap() {
    CtxMap m = new CtxMap(KEYS, new Object[] {"ev-1", null, 3L});
    Map<String, Object> same = new LinkedHashMap<>();
    same.put("id", "ev-1");
    same.put("previous", null);
    same.put("n", 3L);
    assertEquals(same, m);
    assertEquals(m, same);
    assertEquals(same.hashCode(), m.hashCode());
    assertEquals(List.of("id", "previous", "n"), List.copyOf(m.keySet()));
    assertEquals("ev-1", m.get("id"));
    assertTrue(m.containsKey("previous"));
    assertNull(m.get("previous"));
    assertFalse(m.containsKey("other"));
    assertEquals(3, m.size());
  }

  @Test
  void refusesChangesAndMismatchedArrays() {
    CtxMap m = new CtxMap(KEYS, new Object[] {"a", "b", "c"});
    assertThrows(UnsupportedOperationException.class, () -> m.put("id", "x"));
    assertThrows(UnsupportedOperationException.class, () -> m.remove("id"));
    assertThrows(UnsupportedOperationException.class, () -> m.entrySet().iterator().next().setValue("x"));
    assertThrows(IllegalArgumentException.class, () -> new CtxMap(KEYS, new Object[] {"a"}));
  }
}
