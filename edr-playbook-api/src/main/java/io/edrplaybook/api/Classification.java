package io.edrplaybook.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** The verdict on a security event: the columns of a playbook policy. */
public enum Classification {
  /** Malicious. */
  MALICIOUS("Malicious"),
  /** Suspicious. */
  SUSPICIOUS("Suspicious"),
  /** Potentially unwanted program. */
  PUP("PUP"),
  /** Inconclusive. */
  INCONCLUSIVE("Inconclusive"),
  /** Likely safe. */
  LIKELY_SAFE("Likely Safe");

  private final String label;

  Classification(String label) {
    this.label = label;
  }

  /** Returns the label shown to people, e.g. {@code Likely Safe}. */
  public String label() {
    return label;
  }

  /**
   * Parses a constant name or a label, ignoring case, spaces and dashes
   * ({@code LIKELY_SAFE}, {@code Likely Safe}, {@code likely-safe}).
   *
   * @param text the text; never null
   * @return the classification
   * @throws IllegalArgumentException naming the accepted values when nothing matches
   */
  public static Classification parse(String text) {
    Objects.requireNonNull(text, "text");
    String key = text.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    for (Classification c : values()) {
      if (c.name().equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException("must be one of "
        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
        + ", was \"" + text + "\"");
  }
}
