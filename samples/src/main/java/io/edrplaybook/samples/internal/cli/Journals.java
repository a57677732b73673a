package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.core.FileJournal;
import io.edrplaybook.core.JournalSettings;
import io.edrplaybook.spi.ExecutionJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Opens the journal a {@code --journal} option names, the same way for every command: a
 * {@code jdbc:postgresql:} URL is the PostgreSQL journal (several processes may share it), any
 * other spec is a path: a {@link FileJournal}.
 */
final class Journals {

  private Journals() {}

  /**
   * Opens (or creates) the journal {@code spec} names, for writing.
   *
   * @throws io.edrplaybook.api.PlaybookException naming the journal when it cannot be opened
   */
  static ExecutionJournal open(String spec) {
    Objects.requireNonNull(spec, "spec");
    if (PostgresJournals.names(spec)) {
      return PostgresJournals.open(spec, false);
    }
    return FileJournal.open(Path.of(spec));
  }

  /**
   * Opens the journal {@code spec} names when it exists, for writing: never creates one.
   *
   * @throws IllegalArgumentException saying what was looked for when there is none
   */
  static ExecutionJournal openExisting(String spec) {
    Objects.requireNonNull(spec, "spec");
    if (PostgresJournals.names(spec)) {
      return PostgresJournals.open(spec, true);
    }
    return open(existing(spec).toString());
  }

  /**
   * Opens the journal {@code spec} names when it exists, for reading only: never creates or
   * changes one, and reads it while a {@code run} in another process writes it.
   *
   * @throws IllegalArgumentException saying what was looked for when there is none
   */
  static ExecutionJournal openForReading(String spec) {
    Objects.requireNonNull(spec, "spec");
    if (PostgresJournals.names(spec)) {
      // a shared journal: reading beside writers is what it is for
      return PostgresJournals.open(spec, true);
    }
    return FileJournal.openReadOnly(existing(spec));
  }

  private static Path existing(String spec) {
    Path path = Path.of(spec);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("journal " + spec + " was not found, looked for "
          + path.toAbsolutePath().normalize());
    }
    return path;
  }

  /**
   * Opens the journal a configuration file's {@code journal} section names.
   *
   * @throws io.edrplaybook.api.PlaybookException naming the journal when it cannot be opened
   */
  static ExecutionJournal open(JournalSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (settings.path().isPresent()) {
      return FileJournal.open(settings.path().get());
    }
    return PostgresJournals.open(settings);
  }

  /** How a configuration file's journal is named to the user: its path or URL (password masked). */
  static String spec(JournalSettings settings) {
    return settings.path().map(Path::toString).orElseGet(() -> settings.url().orElseThrow());
  }

  /** The warnings a journal had at open (e.g. a torn last record it repaired); empty when none. */
  static List<String> warnings(ExecutionJournal journal) {
    return journal instanceof FileJournal f ? f.damagedLines() : List.of();
  }

  /** How a journal is named to the user. */
  static String describe(ExecutionJournal journal, String spec) {
    return journal instanceof FileJournal f ? f.path().toString() : PostgresJournals.describe(spec);
  }
}
