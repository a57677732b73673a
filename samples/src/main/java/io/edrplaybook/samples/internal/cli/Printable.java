package io.edrplaybook.samples.internal.cli;

import java.util.Locale;

/**
 * Makes text from input or scripts safe to print on a terminal: every control character becomes
 * visible instead of acting — a line break as {@code \n}, ESC (ANSI sequences) as {@code \x1b},
 * other C0 characters and DEL as {@code \xNN}, C1 characters as {@code \u0085}, and the Unicode
 * line and paragraph separators as {@code \u2028}/{@code \u2029} — so an event id or a script's
 * message cannot forge lines or recolour the console. Everything else is kept as it is.
 */
final class Printable {
  private Printable() {}

  /** Returns {@code text} with its control characters escaped; the same instance when it has none. */
  static String of(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !isControl(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        b.append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
