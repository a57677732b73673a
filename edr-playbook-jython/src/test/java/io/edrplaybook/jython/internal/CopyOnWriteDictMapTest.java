package io.edrplaybook.jython.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.python.core.Py;
import org.python.core.PyDictionary;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyUnicode;

/** The map behind a run's ctx dicts: read in place until changed or walked, then a hash map of its own. */
class CopyOnWriteDictMapTest {
  private static final PyUnicode NAME = new PyUnicode("name");
  private static final PyUnicode PORT = new PyUnicode("port");
  private static final PyUnicode AUTH = new PyUnicode("auth");
  private static final PyUnicode KEY = new PyUnicode("apiKey");

  private static CopyOnWriteDictMap connector() {
    CopyOnWriteDictMap auth = new CopyOnWriteDictMap(new PyObject[] {KEY}, new Object[] {new PyUnicode("secret")});
    return new CopyOnWriteDictMap(new PyObject[] {NAME, PORT, AUTH},
        new Object[] {new PyUnicode("SOC Slack"), Py.newInteger(443), auth});
  }

  @Test
  void readsFindEveryEntryByEqualKeysNotOnlyTheSameObjects() {
    CopyOnWriteDictMap m = connector();
    assertEquals(new PyUnicode("SOC Slack"), m.get(new PyUnicode("name")));
    assertEquals(Py.newInteger(443), m.get(new PyString("port")), "an ASCII str finds the unicode key");
    assertTrue(m.containsKey(new PyString("name")));
    assertFalse(m.containsKey(new PyString("nam")));
    assertNull(m.get(new PyString("missing")));
    assertNull(m.get("name"), "a Java string is no Python key");
    assertEquals(3, m.size());
    assertFalse(m.isEmpty());
  }

  @Test
  void aNonAsciiStrKeyIsComparedAsJythonComparesItNotByItsCharacters() {
    PyUnicode accented = new PyUnicode("Gr\u00fc\u00dfe");
    CopyOnWriteDictMap m = new CopyOnWriteDictMap(new PyObject[] {accented}, new Object[] {Py.One});
    PyString latin1 = new PyString("Gr\u00fc\u00dfe"); // the same characters, as bytes: not equal in Python 2
    assertEquals(latin1.equals(accented), m.containsKey(latin1));
    assertFalse(m.containsKey(latin1));
    assertTrue(m.containsKey(new PyUnicode("Gr\u00fc\u00dfe")));
    CopyOnWriteDictMap first = new CopyOnWriteDictMap(new PyObject[] {new PyUnicode("\u0080")}, new Object[] {Py.One});
    assertFalse(first.containsKey(new PyString("\u0080")), "the first character past ASCII is not ASCII");
  }

  @Test
  void aKeyWithTheSameHashButOtherCharactersIsNotFound() {
    assertEquals("Aa".hashCode(), "BB".hashCode());
    CopyOnWriteDictMap m = new CopyOnWriteDictMap(new PyObject[] {new PyUnicode("Aa")}, new Object[] {Py.One});
    assertNull(m.get(new PyUnicode("BB")));
    assertNull(m.get(new PyString("BB")));
    assertEquals(Py.One, m.get(new PyString("Aa")));
  }

  @Test
  void aNestedDictIsMadeWhenFirstReadAndIsTheSameObjectAfterwards() {
    CopyOnWriteDictMap m = connector();
    PyObject auth = m.get(AUTH);
    assertTrue(auth instanceof PyDictionary, () -> String.valueOf(auth));
    assertSame(auth, m.get(new PyString("auth")));
    assertEquals(new PyUnicode("secret"), auth.__finditem__(KEY));
    m.put(new PyUnicode("added"), Py.True);
    assertSame(auth, m.get(AUTH), "the same dict once the map is changed");
  }

  @Test
  void changesGoToAMapOfItsOwnAndLeaveTheEntriesItWasMadeFrom() {
    PyObject[] keys = {NAME, PORT};
    Object[] values = {new PyUnicode("SOC Slack"), Py.newInteger(443)};
    CopyOnWriteDictMap m = new CopyOnWriteDictMap(keys, values);
    assertEquals(new PyUnicode("SOC Slack"), m.put(NAME, new PyUnicode("changed")));
    assertEquals(new PyUnicode("changed"), m.get(new PyString("name")));
    assertEquals(Py.newInteger(443), m.remove(PORT));
    assertFalse(m.containsKey(PORT));
    assertEquals(1, m.size());
    assertEquals(new PyUnicode("SOC Slack"), values[0], "the arrays are not written");
    assertSame(PORT, keys[1]);
  }

  @Test
  void everyChangeOfTheConcurrentMapInterfaceActsAsOnAHashMap() {
    CopyOnWriteDictMap m = connector();
    assertNull(m.putIfAbsent(new PyUnicode("new"), Py.One));
    assertEquals(Py.One, m.putIfAbsent(new PyUnicode("new"), Py.Zero));
    assertFalse(m.replace(PORT, Py.newInteger(7), Py.One));
    assertTrue(m.replace(PORT, Py.newInteger(443), Py.newInteger(8443)));
    assertEquals(Py.newInteger(8443), m.replace(PORT, Py.newInteger(1)));
    assertFalse(m.remove(PORT, Py.newInteger(443)));
    assertTrue(m.remove(PORT, Py.newInteger(1)));
    m.putAll(Map.of(KEY, Py.True));
    assertEquals(Py.True, m.computeIfAbsent(KEY, k -> Py.False));
    assertEquals(Py.False, m.computeIfPresent(KEY, (k, v) -> Py.False));
    assertEquals(Py.None, m.compute(new PyUnicode("c"), (k, v) -> Py.None));
    assertEquals(Py.One, m.merge(new PyUnicode("d"), Py.One, (a, b) -> b));
    m.replaceAll((k, v) -> Py.True);
    assertEquals(6, m.size());
    assertTrue(m.values().stream().allMatch(v -> v == Py.True));
    m.clear();
    assertTrue(m.isEmpty());
  }

  @Test
  void walkingItShowsEveryEntryWithItsNestedDict() {
    CopyOnWriteDictMap m = connector();
    PyObject auth = m.get(AUTH);
    assertEquals(3, m.entrySet().size());
    assertSame(auth, m.entrySet().stream().filter(e -> e.getKey().equals(AUTH)).findFirst().orElseThrow().getValue());
    assertTrue(m.keySet().contains(NAME));
    assertEquals(3, m.values().size());
    assertTrue(m.toString().contains("SOC Slack"), m::toString);
  }

  @Test
  void twoMapsWithEqualEntriesAreEqualAndHashAlike() {
    CopyOnWriteDictMap a = new CopyOnWriteDictMap(new PyObject[] {NAME}, new Object[] {Py.One});
    CopyOnWriteDictMap b = new CopyOnWriteDictMap(new PyObject[] {NAME}, new Object[] {Py.One});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a, Map.of(NAME, Py.One));
    assertEquals(Map.of(NAME, Py.One).hashCode(), a.hashCode());
    assertFalse(a.equals(Map.of(NAME, Py.Zero)));
    assertFalse(a.equals(new CopyOnWriteDictMap(new PyObject[] {PORT}, new Object[] {Py.One})));
  }

  @Test
  void asADictItBehavesAsAPythonDict() {
    PyDictionary d = connector().toDict();
    assertEquals(PyDictionary.TYPE, d.getType());
    assertEquals(3, d.__len__());
    assertTrue(d.__contains__(new PyString("name")));
    d.__setitem__(new PyString("x"), Py.One);
    assertEquals(4, d.__len__());
    d.__delitem__(new PyString("x"));
    assertEquals(3, d.__len__());
  }
}
