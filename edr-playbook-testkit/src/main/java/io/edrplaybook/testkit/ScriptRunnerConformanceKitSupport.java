package io.edrplaybook.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers of {@link ScriptRunnerConformanceKit}: reads the corpus and compares JSON-like values
 * the way the script contract defines them (an integer is an integer whatever Java type carries
 * it, a float is a float). Not API.
 */
final class ScriptRunnerConformanceKitSupport {
  private ScriptRunnerConformanceKitSupport() {}

  /** Returns the text of the corpus script {@code name}, e.g. {@code ok.py}. */
  static String corpusText(String name) {
    String path = "corpus/" + name;
    try (InputStream in = ScriptRunnerConformanceKit.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("No conformance corpus script \"" + name + "\"; expected the"
            + " resource io/edrplaybook/testkit/" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read corpus script \"" + name + "\"", e);
    }
  }

  /**
   * Returns {@code value} with every integral number as a {@link BigInteger} and every other number
   * as a {@link Double}, so results compare by JSON meaning rather than by Java class.
   */
  static Object normalize(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, normalize(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger) {
      return value;
    }
    if (value instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (value instanceof Float || value instanceof Double) {
      return ((Number) value).doubleValue();
    }
    return value;
  }

  /** Returns the real path of {@code path} (symbolic links resolved), or {@code path} if it has none. */
  static String realPath(String path) {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (IOException e) {
      return path;
    }
  }

  /** Deletes {@code root} and everything under it, as far as it can (best effort). */
  static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a left-over temporary folder is no reason to fail the suite
    }
  }

  /** Returns {@code n} as a {@link BigInteger}. */
  static BigInteger big(long n) {
    return BigInteger.valueOf(n);
  }
}
