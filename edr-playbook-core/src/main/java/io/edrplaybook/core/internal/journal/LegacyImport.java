package io.edrplaybook.core.internal.journal;

import io.edrplaybook.api.HistoryEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a journal of the earlier one-file format (one JSON line per entry) line by line. */
public final class LegacyImport {
  private static final Logger log = LoggerFactory.getLogger(LegacyImport.class);

  private LegacyImport() {}

  /**
   * Hands every readable entry of {@code file} to {@code sink}, in file order; logs and skips the
   * lines that cannot be read (a torn last line).
   *
   * @return how many entries were handed over
   */
  public static long read(Path file, Consumer<HistoryEntry> sink) throws IOException {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        HistoryEntry e;
        try {
          e = JournalCodec.decode(line.strip());
        } catch (IllegalArgumentException bad) {
          log.warn("Journal import {}, line {}: unreadable, skipped: {}", file, number, bad.getMessage());
          continue;
        }
        sink.accept(e);
        n++;
      }
    }
    return n;
  }
}
