package io.edrplaybook.benchmarks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the report collects: table rows, target checks and the JSON keys. Not thread-safe. */
public final class Table {
  private record Row(String measure, String median, String p99, String ratio, String note) {
  }

  private record Check(String key, double value, String op, double target) {
    boolean holds() {
      return op.equals(">=") ? value >= target : value <= target;
    }
  }

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final List<Row> rows = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private final Map<String, Object> json = new LinkedHashMap<>();

  /** Adds a row of latencies in nanoseconds. */
  public void latency(String measure, Samples nanos, String ratio, String note) {
    rows.add(new Row(measure, time(nanos.median()), time(nanos.p99()), ratio, note + " (n=" + nanos.size() + ")"));
  }

  /** Adds a row of rates or sizes already formatted. */
  public void row(String measure, String median, String p99, String ratio, String note) {
    rows.add(new Row(measure, median, p99, ratio, note));
  }

  /** Sets a JSON key. */
  public void key(String key, Object value) {
    json.put(key, value);
  }

  /** Sets a JSON key that has a target: {@code op} is {@code >=} or {@code <=}. */
  public void target(String key, double value, String op, double target) {
    json.put(key, value);
    checks.add(new Check(key, value, op, target));
  }

  /** Returns whether every target holds (a measure that could not run counts as missed). */
  public boolean allHold() {
    return checks.stream().allMatch(Check::holds);
  }

  /** Prints the table and the targets. */
  public void print(PrintStream out) {
    String f = "%-52s %12s %12s %9s  %s%n";
    out.printf(f, "measure", "median", "p99", "ratio", "");
    out.println("-".repeat(110));
    rows.forEach(r -> out.printf(f, r.measure(), r.median(), r.p99(), r.ratio(), r.note()));
    out.println();
    out.printf("%-26s %16s %12s  %s%n", "key", "value", "target", "");
    for (Check c : checks) {
      out.printf("%-26s %16s %3s %8s  %s%n", c.key(), num(c.value()), c.op(), num(c.target()),
          Double.isNaN(c.value()) ? "NOT MEASURED" : c.holds() ? "ok" : "MISSED");
    }
  }

  /** Writes the JSON keys to {@code file}: numbers, or null for a measure that could not run. */
  public void writeJson(Path file) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    json.forEach((k, v) -> out.put(k, v instanceof Double d ? jsonNumber(d) : v));
    JSON.writeValue(file.toFile(), out);
  }

  /**
   * Writes everything this table holds (rows, checks, keys; numbers exactly, NaN too) to
   * {@code file}, for {@link #merge}: how a measure run in a JVM of its own hands back its part.
   */
  public void save(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode r = root.putArray("rows");
    rows.forEach(x -> r.addArray().add(x.measure()).add(x.median()).add(x.p99()).add(x.ratio()).add(x.note()));
    ArrayNode c = root.putArray("checks");
    checks.forEach(x -> c.addArray().add(x.key()).add(Double.toString(x.value())).add(x.op())
        .add(Double.toString(x.target())));
    ArrayNode k = root.putArray("keys");
    json.forEach((name, v) -> k.addArray().add(name).add(v == null ? "null" : v.getClass().getSimpleName())
        .add(String.valueOf(v)));
    JSON.writeValue(file.toFile(), root);
  }

  /** Adds what {@link #save} wrote to {@code file} after what this table holds. */
  public void merge(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    for (JsonNode x : root.path("rows")) {
      rows.add(new Row(x.get(0).asText(), x.get(1).asText(), x.get(2).asText(), x.get(3).asText(), x.get(4).asText()));
    }
    for (JsonNode x : root.path("checks")) {
      checks.add(new Check(x.get(0).asText(), Double.parseDouble(x.get(1).asText()), x.get(2).asText(),
          Double.parseDouble(x.get(3).asText())));
    }
    for (JsonNode x : root.path("keys")) {
      String text = x.get(2).asText();
      Object v = switch (x.get(1).asText()) {
        case "null" -> null;
        case "Double", "Float" -> Double.parseDouble(text);
        case "Long", "Integer", "Short", "Byte" -> Long.parseLong(text);
        case "Boolean" -> Boolean.parseBoolean(text);
        default -> text;
      };
      json.put(x.get(0).asText(), v);
    }
  }

  /** Formats nanoseconds with a unit. */
  public static String time(double nanos) {
    if (Double.isNaN(nanos)) {
      return "-";
    } else if (nanos < 10_000) {
      return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
    } else if (nanos < 10_000_000) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  /** Formats a number for the summary. */
  public static String num(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A whole number as a long, any other with three decimals, NaN or infinite as null. */
  private static Object jsonNumber(double d) {
    if (d != Math.rint(d) || Math.abs(d) >= 1e15) {
      return Double.isFinite(d) ? BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP) : null;
    }
    return (long) d;
  }
}
