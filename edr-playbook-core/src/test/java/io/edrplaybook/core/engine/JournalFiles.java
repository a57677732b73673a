package io.edrplaybook.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Looks at a file journal's directory from outside. */
final class JournalFiles {
  private JournalFiles() {}

  static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
  }

  static Path lastSegment(Path dir) throws IOException {
    List<Path> all = segments(dir);
    return all.get(all.size() - 1);
  }

  /** Every byte of every file, as ISO-8859-1 text (to look for a string). */
  static String allBytesAsText(Path dir) throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        b.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return b.toString();
  }

  static long totalBytes(Path dir) throws IOException {
    long n = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        n += Files.size(p);
      }
    }
    return n;
  }
}
