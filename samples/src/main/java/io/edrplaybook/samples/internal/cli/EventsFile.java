package io.edrplaybook.samples.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.InvalidEventException;
import io.edrplaybook.api.SecurityEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An events file: one JSON object a line, in the shape docs/cli.md shows. Blank lines are skipped;
 * a line that is not a valid event is reported as {@code events.jsonl, line 3: ...} and the others
 * are still read.
 */
final class EventsFile {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final Set<String> EVENT_KEYS = Set.of("id", "organization", "classification", "time", "device",
      "details");
  private static final Set<String> DEVICE_KEYS = Set.of("name", "collectorGroup", "address", "os");

  /**
   * One event read from the file.
   *
   * @param line its 1-based line number
   * @param event the event
   */
  record Line(int line, SecurityEvent event) {}

  /**
   * What the file held.
   *
   * @param events the events read, in file order
   * @param problems one sentence for each line that could not be read, with its number
   */
  record Contents(List<Line> events, List<String> problems) {}

  private EventsFile() {}

  /**
   * Reads {@code file} whole: for the small files of {@code plan} and the demo. {@code run} reads
   * with {@link #open} instead.
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  static Contents read(Path file) {
    List<Line> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Reader in = open(file)) {
      for (Entry e = in.next(); e != null; e = in.next()) {
        if (e.event() != null) {
          events.add(new Line(e.line(), e.event()));
        } else {
          problems.add(e.problem());
        }
      }
    }
    return new Contents(events, problems);
  }

  /**
   * One non-blank line read by a {@link Reader}: an event, or a problem.
   *
   * @param line its 1-based line number
   * @param event the event, null when the line could not be read
   * @param problem what is wrong with the line ({@code events.jsonl, line 3: ...}), null when none
   */
  record Entry(int line, SecurityEvent event, String problem) {}

  /**
   * Opens {@code file} for reading line by line: holds one line at a time, whatever the size of the
   * file. A line longer than {@value #MAX_LINE_CHARS} characters is reported and skipped.
   *
   * @throws UncheckedIOException naming the file when it cannot be opened
   */
  static Reader open(Path file) {
    try {
      return new Reader(file, Files.newBufferedReader(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("events file " + file + " was not found, looked for "
          + file.toAbsolutePath().normalize(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("events file " + file + " could not be read: " + e.getMessage(), e);
    }
  }

  /** The longest line read; longer ones are reported and skipped. */
  static final int MAX_LINE_CHARS = 1 << 20;

  /** Reads an events file one line at a time. Not thread-safe. */
  static final class Reader implements AutoCloseable {
    private final Path file;
    private final String label;
    private final BufferedReader in;
    private final StringBuilder line = new StringBuilder(256);
    private int number;

    private Reader(Path file, BufferedReader in) {
      this.file = file;
      this.label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
      this.in = in;
    }

    /**
     * Returns the next non-blank line, read, or null at the end of the file.
     *
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    Entry next() {
      while (true) {
        boolean tooLong = readLine();
        if (tooLong) {
          return new Entry(number, null, label + ", line " + number + ": longer than " + MAX_LINE_CHARS
              + " characters; skipped");
        }
        if (line.length() == 0 && eof) {
          return null;
        }
        String text = line.toString().strip();
        if (text.isEmpty()) {
          continue;
        }
        try {
          return new Entry(number, parse(text), null);
        } catch (IllegalArgumentException e) {
          return new Entry(number, null, label + ", line " + number + ": " + e.getMessage());
        }
      }
    }

    private boolean eof;

    /** Reads the next line into {@code line}; true when it was too long (the rest was skipped). */
    private boolean readLine() {
      line.setLength(0);
      if (eof) {
        return false;
      }
      boolean tooLong = false;
      try {
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
          if (line.length() < MAX_LINE_CHARS) {
            line.append((char) c);
          } else {
            tooLong = true;
          }
        }
        if (c < 0) {
          eof = true;
          if (line.length() == 0 && !tooLong) {
            return false;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("events file " + file + " could not be read at line " + (number + 1) + ": "
            + e.getMessage(), e);
      }
      number++;
      if (tooLong) {
        line.setLength(0);
      }
      return tooLong;
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        // read only: nothing to lose
      }
    }
  }

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static SecurityEvent parse(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("must be a JSON object, was " + (node == null ? "nothing" : node.getNodeType()));
    }
    unknownKeys(node, EVENT_KEYS, "");
    try {
      return SecurityEvent.builder()
          .id(text(node, "id"))
          .organization(text(node, "organization"))
          .classification(classification(node))
          .time(time(node))
          .device(device(node.get("device")))
          .details(object(node, "details"))
          .build();
    } catch (InvalidEventException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException("\"" + prefix + key + "\": unknown key"
            + Suggest.closest(key, known).map(s -> ", did you mean \"" + prefix + s + "\"?")
                .orElse("; expected " + String.join(", ", known.stream().sorted().toList())));
      }
    }
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("\"" + key + "\": must be a string, was " + v);
    }
    return v.asText();
  }

  private static Classification classification(JsonNode node) {
    String c = text(node, "classification");
    if (c == null) {
      return null;
    }
    try {
      return Classification.parse(c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"classification\": " + e.getMessage());
    }
  }

  private static Instant time(JsonNode node) {
    String t = text(node, "time");
    if (t == null) {
      return Instant.now();
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"time\": must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, was \""
          + t + "\"");
    }
  }

  private static Device device(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("\"device\": must be an object, was " + node);
    }
    String name = text(node, "name");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("\"device.name\": is required");
    }
    String group = text(node, "collectorGroup");
    Map<String, Object> attributes = new LinkedHashMap<>(JSON.convertValue(node, new TypeReference<Map<String, Object>>() {}));
    DEVICE_KEYS.forEach(attributes::remove);
    return new Device(name, group == null ? "" : group, text(node, "address"), text(node, "os"), attributes);
  }

  private static Map<String, Object> object(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("\"" + key + "\": must be an object, was " + v);
    }
    return JSON.convertValue(v, new TypeReference<Map<String, Object>>() {});
  }
}
