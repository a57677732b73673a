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
 * An events file: one JSON object a line, in the shape of DESIGN.md §6. Blank lines are skipped;
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
   * Reads {@code file}.
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  static Contents read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("events file " + file + " was not found, looked for "
          + file.toAbsolutePath().normalize(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("events file " + file + " could not be read: " + e.getMessage(), e);
    }
    String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    List<Line> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        events.add(new Line(i + 1, parse(text)));
      } catch (IllegalArgumentException e) {
        problems.add(label + ", line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Contents(events, problems);
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
