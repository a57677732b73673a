package io.edrplaybook.core.internal.config;

/**
 * Stand-in values for fields that failed, so that an element with a problem still takes part in
 * the checks between objects (its other references are checked too). Every problem that quotes
 * a stand-in, or sits at a path that already failed, is a cascade and is dropped.
 */
final class Placeholders {
  static final String HOST = "stand-in.invalid";
  static final String SECRET = "stand-in";

  private Placeholders() {}

  /** A unique stand-in name for the element at {@code path}. */
  static String name(String path) {
    return ParseContext.STAND_IN + ":" + path;
  }

  /** {@code value} when usable, else a stand-in name for {@code path}. */
  static String orName(String value, boolean failed, String path) {
    return value == null || failed ? name(path) : value;
  }
}
