package io.edrplaybook.subprocess.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts text without splitting a value the engine may have to mask: the engine masks secrets by
 * value, so a cut through one would leave a prefix (or suffix) it cannot recognise. A cut moves
 * back (forward, for a tail) to a whitespace boundary near it, and never lands inside any string
 * of the run's {@code ctx} (where the connector's credentials are).
 */
final class SafeCut {
  /** How far a cut may move to reach whitespace. */
  static final int WORD_WINDOW = 1024;
  /** The longest ctx string considered; longer ones are not secrets. */
  private static final int LONGEST = 4096;

  private SafeCut() {}

  /** Every string of {@code ctx} of 4 characters or more (shorter ones cannot be masked anyway). */
  static List<String> values(Object ctx) {
    List<String> out = new ArrayList<>();
    collect(ctx, out, 0);
    return out;
  }

  private static void collect(Object o, List<String> out, int depth) {
    if (depth > 32) {
      return;
    }
    if (o instanceof String s) {
      if (s.length() >= 4 && s.length() <= LONGEST) {
        out.add(s);
      }
    } else if (o instanceof Map<?, ?> m) {
      m.values().forEach(v -> collect(v, out, depth + 1));
    } else if (o instanceof Iterable<?> l) {
      l.forEach(v -> collect(v, out, depth + 1));
    }
  }

  /**
   * Where to cut {@code text} to keep at most {@code limit} characters of its beginning;
   * {@code text} may run past {@code limit} (that continuation is looked at, not kept).
   */
  static int head(String text, int limit, List<String> secrets) {
    if (text.length() <= limit) {
      return text.length();
    }
    int cut = limit;
    if (cut > 0 && !Character.isWhitespace(text.charAt(cut - 1))
        && !Character.isWhitespace(text.charAt(cut))) {
      for (int i = cut - 1; i >= Math.max(0, cut - WORD_WINDOW); i--) {
        if (Character.isWhitespace(text.charAt(i))) {
          cut = i + 1;
          break;
        }
      }
    }
    for (int round = 0; round < 16; round++) {
      int moved = cut;
      for (String s : secrets) {
        for (int i = Math.max(0, cut - s.length() + 1); i < cut; i++) {
          int end = Math.min(text.length(), i + s.length());
          if (s.startsWith(text.substring(i, end))) {
            moved = Math.min(moved, i);
            break;
          }
        }
      }
      if (moved == cut) {
        break;
      }
      cut = moved;
    }
    if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return cut;
  }

  /**
   * Where the kept end of a text whose beginning was dropped should start: past a partial first
   * word and past any partial ctx string at its start.
   */
  static int tailStart(String text, List<String> secrets) {
    int start = 0;
    for (int i = 0; i < Math.min(text.length(), WORD_WINDOW); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        start = i + 1;
        break;
      }
    }
    for (String s : secrets) {
      for (int k = 1; k < s.length(); k++) {
        String rest = s.substring(k);
        if (text.startsWith(rest) || rest.startsWith(text)) {
          start = Math.max(start, rest.length());
          break;
        }
      }
    }
    return Math.min(start, text.length());
  }
}
