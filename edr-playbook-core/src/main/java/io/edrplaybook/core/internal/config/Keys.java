package io.edrplaybook.core.internal.config;

import java.util.List;
import java.util.Locale;

/** The keys each kind of object accepts, and the suggestion for a misspelt one. */
final class Keys {
  static final List<String> ROOT =
      List.of("organizations", "jumpBoxes", "actions", "connectors", "playbooks", "runners", "journal");
  static final List<String> JOURNAL = List.of("path", "url", "user", "password", "schema", "tablePrefix");
  static final List<String> ORGANIZATION = List.of("name");
  static final List<String> JUMP_BOX = List.of("name", "organization", "core");
  static final List<String> ACTION = List.of("organization", "name", "description", "scripts",
      "timeout", "retry", "idempotent");
  static final List<String> SCRIPT = List.of("name", "file", "source", "runner");
  static final List<String> RETRY = List.of("maxAttempts", "initialBackoff", "maxBackoff", "transientErrors");
  static final List<String> CONNECTOR = List.of("organization", "name", "type", "jumpBox", "host",
      "port", "apiKey", "credentials", "actions", "limits");
  static final List<String> LIMITS = List.of("maxConcurrent", "ratePerSecond", "burst");
  static final List<String> CREDENTIALS = List.of("username", "password");
  static final List<String> BINDING = List.of("action", "script", "params");
  static final List<String> PLAYBOOK =
      List.of("organization", "name", "default", "collectorGroups", "rules");
  static final List<String> RULE = List.of("section", "action", "classifications", "connectors",
      "approval", "undo");

  private Keys() {}

  /** Returns the message for an unknown key: a suggestion when one is close, else the list. */
  static String unknown(String key, List<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best != null && bestDistance <= (key.length() < 5 ? 1 : 2)) {
      return "unknown key, did you mean \"" + best + "\"?";
    }
    return "unknown key, expected one of " + String.join(", ", allowed);
  }

  /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
  static int distance(String a, String b) {
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
