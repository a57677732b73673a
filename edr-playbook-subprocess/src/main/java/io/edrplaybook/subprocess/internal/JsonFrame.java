package io.edrplaybook.subprocess.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes one request frame as ASCII JSON (every other character as a {@code \\uXXXX} escape) into
 * a growable byte buffer: the run frame's hot path, without a serializer lookup per value. It
 * writes maps with string keys, lists, strings, booleans, null, and integral or finite numbers
 * itself; {@link #plain} says whether a value is made only of those (anything else is left to the
 * caller's general encoder). Not thread-safe: one frame at a time.
 */
final class JsonFrame {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int DEEPEST = 256;

  private byte[] buf;
  private int len;

  JsonFrame(int capacity) {
    buf = new byte[Math.max(64, capacity)];
  }

  /** Empties the buffer for the next frame. */
  JsonFrame reset() {
    len = 0;
    return this;
  }

  /** The frame written so far, with a newline appended, as a new array. */
  byte[] line() {
    put('\n');
    return Arrays.copyOf(buf, len);
  }

  /** The frame written so far, as a new array (no newline). */
  byte[] bytes() {
    return Arrays.copyOf(buf, len);
  }

  /** Appends bytes as they are (already-encoded JSON). */
  JsonFrame raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** Appends ASCII text as it is (punctuation, field names). */
  JsonFrame ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  JsonFrame number(long v) {
    return ascii(Long.toString(v));
  }

  /** Whether {@link #value} can write {@code v} itself. */
  static boolean plain(Object v) {
    return plain(v, 0);
  }

  private static boolean plain(Object v, int depth) {
    if (depth > DEEPEST) {
      return false;
    }
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof Short || v instanceof Byte || v instanceof BigInteger || v instanceof BigDecimal) {
      return true;
    }
    if (v instanceof Double d) {
      return Double.isFinite(d);
    }
    if (v instanceof Float f) {
      return Float.isFinite(f);
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String) || !plain(e.getValue(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (!plain(o, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Writes {@code v} if it is {@link #plain}, in one pass: returns false (with nothing written)
   * at the first value of another type, for the caller to encode it otherwise.
   */
  boolean tryValue(Object v) {
    int mark = len;
    if (write(v, 0)) {
      return true;
    }
    len = mark;
    return false;
  }

  private boolean write(Object v, int depth) {
    if (depth > DEEPEST) {
      return false;
    }
    if (v == null) {
      ascii("null");
    } else if (v instanceof String str) {
      string(str);
    } else if (v instanceof Boolean b) {
      ascii(b ? "true" : "false");
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger || v instanceof BigDecimal) {
      ascii(v.toString());
    } else if (v instanceof Double d) {
      if (!Double.isFinite(d)) {
        return false;
      }
      ascii(d.toString());
    } else if (v instanceof Float f) {
      if (!Float.isFinite(f)) {
        return false;
      }
      ascii(f.toString());
    } else if (v instanceof Map<?, ?> m) {
      put('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          return false;
        }
        if (!first) {
          put(',');
        }
        first = false;
        string(key);
        put(':');
        if (!write(e.getValue(), depth + 1)) {
          return false;
        }
      }
      put('}');
    } else if (v instanceof List<?> l) {
      put('[');
      for (int i = 0, n = l.size(); i < n; i++) {
        if (i > 0) {
          put(',');
        }
        if (!write(l.get(i), depth + 1)) {
          return false;
        }
      }
      put(']');
    } else {
      return false;
    }
    return true;
  }

  /** Writes a {@link #plain} value. */
  JsonFrame value(Object v) {
    if (v == null) {
      return ascii("null");
    } else if (v instanceof String s) {
      return string(s);
    } else if (v instanceof Boolean b) {
      return ascii(b ? "true" : "false");
    } else if (v instanceof Map<?, ?> m) {
      put('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          put(',');
        }
        first = false;
        string((String) e.getKey());
        put(':');
        value(e.getValue());
      }
      put('}');
      return this;
    } else if (v instanceof List<?> l) {
      put('[');
      for (int i = 0, n = l.size(); i < n; i++) {
        if (i > 0) {
          put(',');
        }
        value(l.get(i));
      }
      put(']');
      return this;
    }
    return ascii(v.toString()); // a number: Java's own text is valid JSON for these types
  }

  /** Writes a JSON string: ASCII kept, quote, backslash and controls escaped, the rest as backslash-u escapes. */
  JsonFrame string(String s) {
    int n = s.length();
    ensure(n + 2);
    buf[len++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        if (len == buf.length) {
          ensure(n - i + 1);
        }
        buf[len++] = (byte) c;
        continue;
      }
      ensure(n - i + 6);
      buf[len++] = '\\';
      switch (c) {
        case '"' -> buf[len++] = '"';
        case '\\' -> buf[len++] = '\\';
        case '\n' -> buf[len++] = 'n';
        case '\r' -> buf[len++] = 'r';
        case '\t' -> buf[len++] = 't';
        case '\b' -> buf[len++] = 'b';
        case '\f' -> buf[len++] = 'f';
        default -> {
          buf[len++] = 'u';
          buf[len++] = HEX[(c >> 12) & 0xf];
          buf[len++] = HEX[(c >> 8) & 0xf];
          buf[len++] = HEX[(c >> 4) & 0xf];
          buf[len++] = HEX[c & 0xf];
        }
      }
    }
    ensure(1);
    buf[len++] = '"';
    return this;
  }

  private void put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
