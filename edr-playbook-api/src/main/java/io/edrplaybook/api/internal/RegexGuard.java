package io.edrplaybook.api.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Keeps a condition's regular expression from running away. At load: a length cap, the syntax, and
 * no group that repeats without bound ({@code *}, {@code +}, {@code {n,}}) and holds a repetition
 * itself ({@code (a+)+}, {@code (\w*x)*}), the shape of catastrophic backtracking; a bounded
 * repetition of one ({@code (\d{1,3}\.){3}}) is accepted. At evaluation: a value longer than {@link #MAX_INPUT} does not match, and a search
 * that reads more than {@link #MAX_STEPS} characters gives up (counted as no match). Not API.
 */
public final class RegexGuard {
  /** The longest value a regular expression is run on. */
  public static final int MAX_INPUT = 10_000;
  /** The most characters one search may read before it gives up. */
  public static final long MAX_STEPS = 1_000_000;

  /** The result of a bounded search. */
  public enum Found {
    /** The expression found a match. */
    MATCH,
    /** It found none. */
    NO_MATCH,
    /** The value is longer than {@link #MAX_INPUT}. */
    TOO_LONG,
    /** The search read more than {@link #MAX_STEPS} characters and gave up. */
    GAVE_UP
  }

  private RegexGuard() {}

  /** Returns what is wrong with {@code regex}, if anything. */
  public static Optional<String> check(String regex) {
    if (regex.length() > ConditionChecks.MAX_REGEX_LENGTH) {
      return Optional.of("must be at most " + ConditionChecks.MAX_REGEX_LENGTH + " characters, was "
          + regex.length());
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return Optional.of("is not a valid regular expression: " + ConditionChecks.syntax(e) + ", was \""
          + regex + "\"");
    }
    int at = nestedRepeat(regex);
    if (at >= 0) {
      return Optional.of("repeats a group that itself repeats (near index " + at + "), which can take"
          + " exponential time; rewrite it without the nesting (e.g. (a+)+ as a+), was \"" + regex + "\"");
    }
    return Optional.empty();
  }

  /**
   * Searches {@code value} with {@code pattern} anywhere, bounded.
   *
   * @return whether it matched, or why it did not run to the end
   */
  public static Found find(Pattern pattern, String value) {
    if (value.length() > MAX_INPUT) {
      return Found.TOO_LONG;
    }
    try {
      return pattern.matcher(new Counted(value)).find() ? Found.MATCH : Found.NO_MATCH;
    } catch (StepsExceeded e) {
      return Found.GAVE_UP;
    } catch (StackOverflowError e) {
      return Found.GAVE_UP;
    }
  }

  /** Returns the index of a repeated group that holds a repetition, or -1. */
  static int nestedRepeat(String regex) {
    Deque<boolean[]> groups = new ArrayDeque<>(); // per open group: does it hold a repetition?
    groups.push(new boolean[1]);
    int i = 0;
    int n = regex.length();
    while (i < n) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
          int end = regex.indexOf("\\E", i + 2);
          i = end < 0 ? n : end + 2;
        } else {
          i += 2;
        }
        i = repeat(regex, i, groups.peek());
      } else if (c == '[') {
        i = repeat(regex, classEnd(regex, i), groups.peek());
      } else if (c == '(') {
        groups.push(new boolean[1]);
        i++;
      } else if (c == ')' && groups.size() > 1) {
        boolean inner = groups.pop()[0];
        int after = repeat(regex, i + 1, groups.peek());
        if (inner && unbounded(regex, i + 1)) {
          return i;
        }
        groups.peek()[0] |= inner;
        i = after;
      } else {
        i = repeat(regex, i + 1, groups.peek());
      }
    }
    return -1;
  }

  /** After an atom ending before {@code i}: marks {@code group} when a repeating quantifier follows. */
  private static int repeat(String regex, int i, boolean[] group) {
    if (repeats(regex, i)) {
      group[0] = true;
    }
    return i;
  }

  /** Whether a quantifier that allows more than one repetition starts at {@code i}. */
  private static boolean repeats(String regex, int i) {
    if (i >= regex.length()) {
      return false;
    }
    char q = regex.charAt(i);
    if (q == '*' || q == '+') {
      return true;
    }
    if (q == '{') {
      int close = regex.indexOf('}', i);
      if (close < 0) {
        return false;
      }
      String[] bounds = regex.substring(i + 1, close).split(",", -1);
      try {
        return bounds.length == 2 && (bounds[1].isBlank() || Integer.parseInt(bounds[1].trim()) > 1)
            || bounds.length == 1 && Integer.parseInt(bounds[0].trim()) > 1;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  /** Whether a quantifier without an upper bound ({@code *}, {@code +}, {@code {n,}}) starts at {@code i}. */
  private static boolean unbounded(String regex, int i) {
    if (i >= regex.length()) {
      return false;
    }
    char q = regex.charAt(i);
    if (q == '{') {
      int close = regex.indexOf('}', i);
      return close > 0 && regex.substring(i + 1, close).trim().endsWith(",");
    }
    return q == '*' || q == '+';
  }

  /** Returns the index just after the character class opened at {@code start}. */
  private static int classEnd(String regex, int start) {
    int depth = 0;
    int i = start;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
      } else if (c == ']' && i > start + 1 && !(i == start + 2 && regex.charAt(start + 1) == '^')) {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return regex.length();
  }

  /** Thrown by {@link Counted} when a search reads too much. */
  private static final class StepsExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepsExceeded() {
      super(null, null, false, false);
    }
  }

  /** A text that counts its reads. */
  private static final class Counted implements CharSequence {
    private final String text;
    private long steps;

    Counted(String text) {
      this.text = text;
    }

    @Override
    public char charAt(int index) {
      if (++steps > MAX_STEPS) {
        throw new StepsExceeded();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
