package io.edrplaybook.core.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The forms a secret takes once a script or a library has encoded it, so that masking finds it in
 * any of them:
 *
 * <table>
 * <caption>Forms masked</caption>
 * <tr><th>form</th><th>produced by</th></tr>
 * <tr><td>as written</td><td>{@code print}, {@code str()}, {@code %s}</td></tr>
 * <tr><td>JSON-escaped, non-ASCII kept or as {@code \u00e9}</td><td>{@code json.dumps}, any JSON encoder</td></tr>
 * <tr><td>Python {@code repr}, 2 and 3 ({@code \\}, {@code \'}, {@code \xe9}, {@code \u20ac},
 *     UTF-8 bytes as {@code \xc3\xa9})</td><td>{@code repr()}, {@code %r}, a dict or list printed</td></tr>
 * <tr><td>URL-encoded: {@code +} or {@code %20} for a space, {@code /} kept or not, upper- or
 *     lower-case hex</td><td>{@code urllib.quote}, {@code quote_plus}, {@code urlencode}, form posts</td></tr>
 * <tr><td>Base64 (standard and URL-safe) of the secret alone, of {@code user:password}, and of the
 *     secret inside longer text (the characters that depend on the secret alone, at each of the
 *     three alignments), when that part is at least 8 characters long</td><td>HTTP basic auth,
 *     tokens, encoded payloads</td></tr>
 * </table>
 */
final class SecretForms {
  private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~";
  /** A base64 run shorter than this is not masked: it would match ordinary text too often. */
  private static final int MIN_BASE64 = 8;

  private SecretForms() {}

  /** Every form of {@code secret}, the secret itself first. */
  static Set<String> of(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    forms.add(json(secret, false, false));
    forms.add(json(secret, true, false));
    forms.add(json(secret, true, true));
    forms.add(repr(secret, '\'', Py.THREE));
    forms.add(repr(secret, '"', Py.THREE));
    forms.add(repr(secret, '\'', Py.TWO_UNICODE));
    forms.add(repr(secret, '"', Py.TWO_UNICODE));
    forms.add(repr(secret, '\'', Py.TWO_BYTES));
    forms.add(repr(secret, '"', Py.TWO_BYTES));
    for (boolean plus : new boolean[] {true, false}) {
      for (String safe : new String[] {"", "/", "*"}) {
        String encoded = url(secret, plus, safe);
        forms.add(encoded);
        forms.add(lowerHex(encoded));
      }
    }
    base64(secret.getBytes(StandardCharsets.UTF_8), forms);
    forms.removeIf(String::isEmpty);
    return forms;
  }

  /** The base64 forms of {@code user:password}, as sent in an HTTP basic auth header. */
  static Set<String> basicAuth(String username, String password) {
    Set<String> forms = new LinkedHashSet<>();
    byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(pair));
    forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(pair));
    return forms;
  }

  private enum Py { THREE, TWO_UNICODE, TWO_BYTES }

  private static String json(String s, boolean asciiOnly, boolean upperHex) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e)) {
            String hex = String.format(Locale.ROOT, "%04x", (int) c);
            b.append("\\u").append(upperHex ? hex.toUpperCase(Locale.ROOT) : hex);
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static String repr(String s, char quote, Py py) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    if (py == Py.TWO_BYTES) {
      for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
        int c = x & 0xff;
        if (c >= 0x80) {
          b.append(String.format(Locale.ROOT, "\\x%02x", c));
        } else {
          reprChar(b, (char) c, quote);
        }
      }
      return b.toString();
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 || (py == Py.THREE && !Character.isISOControl(c))) {
        reprChar(b, c, quote);
      } else if (c < 0x100) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  private static void reprChar(StringBuilder b, char c, char quote) {
    if (c == '\\') {
      b.append("\\\\");
    } else if (c == quote) {
      b.append('\\').append(c);
    } else if (c == '\n') {
      b.append("\\n");
    } else if (c == '\r') {
      b.append("\\r");
    } else if (c == '\t') {
      b.append("\\t");
    } else if (c < 0x20 || c == 0x7f) {
      b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
    } else {
      b.append(c);
    }
  }

  private static String url(String s, boolean plusForSpace, String safe) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c < 0x80 && (UNRESERVED.indexOf(c) >= 0 || safe.indexOf(c) >= 0)) {
        b.append((char) c);
      } else if (c == ' ' && plusForSpace) {
        b.append('+');
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }

  private static String lowerHex(String encoded) {
    StringBuilder b = new StringBuilder(encoded);
    for (int i = 0; i < b.length() - 2; i++) {
      if (b.charAt(i) == '%') {
        b.setCharAt(i + 1, Character.toLowerCase(b.charAt(i + 1)));
        b.setCharAt(i + 2, Character.toLowerCase(b.charAt(i + 2)));
      }
    }
    return b.toString();
  }

  /**
   * The base64 of the secret alone, and for each alignment inside longer text the run of
   * characters that encode only the secret's bytes.
   */
  private static void base64(byte[] secret, Set<String> forms) {
    for (Base64.Encoder enc : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
      String alone = enc.withoutPadding().encodeToString(secret);
      if (alone.length() >= MIN_BASE64) {
        forms.add(alone);
      }
      for (int lead = 0; lead <= 2; lead++) {
        byte[] shifted = new byte[lead + secret.length];
        System.arraycopy(secret, 0, shifted, lead, secret.length);
        String text = enc.withoutPadding().encodeToString(shifted);
        // with bytes before it, the first 4 characters mix them in; after the last full group, the tail
        // mixes in what follows the secret
        int fullGroups = shifted.length / 3;
        int end = fullGroups * 4;
        int start = lead == 0 ? 0 : 4;
        if (end > start) {
          String core = text.substring(start, end);
          if (core.length() >= MIN_BASE64) {
            forms.add(core);
          }
        }
      }
    }
  }
}
