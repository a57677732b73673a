package io.edrplaybook.api.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** "Did you mean" for a misspelt name: the closest known one, when it is close enough. Not API. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * Returns the known name closest to {@code name} (case-insensitive edit distance, a swap of two
   * neighbours counting as one edit), when at most 1 edit away for names shorter than 5, else 2.
   */
  public static Optional<String> closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(known)) {
      int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= (name.length() < 5 ? 1 : 2) ? Optional.of(best) : Optional.empty();
  }

  /**
   * Returns {@code did you mean "x"?} when a known name is close, else {@code <what> are [a, b]}.
   *
   * @param what how to name the list when nothing is close, e.g. {@code known settings}
   */
  public static String hint(String name, Collection<String> known, String what) {
    return closest(name, known).map(s -> "did you mean \"" + s + "\"?")
        .orElseGet(() -> what + " are " + new TreeSet<>(known));
  }

  /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
