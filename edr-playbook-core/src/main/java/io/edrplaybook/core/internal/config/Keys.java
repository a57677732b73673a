package io.edrplaybook.core.internal.config;

import io.edrplaybook.api.internal.Suggestions;
import java.util.List;

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
  static final List<String> RULE = List.of("section", "action", "classifications", "connectors", "when",
      "approval", "undo");

  private Keys() {}

  /** Returns the message for an unknown key: a suggestion when one is close, else the list. */
  static String unknown(String key, List<String> allowed) {
    return Suggestions.closest(key, allowed).map(best -> "unknown key, did you mean \"" + best + "\"?")
        .orElseGet(() -> "unknown key, expected one of " + String.join(", ", allowed));
  }
}
