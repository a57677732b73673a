package io.edrplaybook.samples.internal.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Small formatting helpers shared by the commands' output. */
final class Text {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private Text() {}

  /** {@code 35 ms}, {@code 1.25 s}. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.2f s", ms / 1000.0);
  }

  static String time(Instant t) {
    return TIME.format(t);
  }

  /** The first line of {@code s}, cut at {@code max} characters with an ellipsis. */
  static String oneLine(String s, int max) {
    String line = s.strip();
    int nl = line.indexOf('\n');
    if (nl >= 0) {
      line = line.substring(0, nl).strip() + " ...";
    }
    return line.length() <= max ? line : line.substring(0, max - 3) + "...";
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
