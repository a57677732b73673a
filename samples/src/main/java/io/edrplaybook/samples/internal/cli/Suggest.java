package io.edrplaybook.samples.internal.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known word closest to a mistyped one, for "did you mean" hints. */
final class Suggest {

  private Suggest() {}

  /** Returns the candidate closest to {@code typed}, when it is close enough to be a typo. */
  static Optional<String> closest(String typed, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(typed.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, typed.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** Returns {@code , did you mean "x"?}, or a full stop when nothing is close. */
  static String hint(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(c -> ", did you mean \"" + c + "\"?").orElse(".");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
