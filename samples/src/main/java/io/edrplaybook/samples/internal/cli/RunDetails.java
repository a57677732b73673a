package io.edrplaybook.samples.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.ScriptError;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code history ... --details} and {@code --run ID}: every run of an event's record in full, or
 * one run — ids, status, start and end times, attempt, the whole message, the error and its
 * traceback, the captured output (masked when it was recorded) and the result as JSON. A run still
 * without a result shows its start. Nothing is cut; control characters are escaped on printing.
 */
final class RunDetails {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;
  private static final String INDENT = "    ";

  private RunDetails() {}

  /** Returns whether the options ask for this view. */
  static boolean wanted(Options options) {
    return options.flag("details") || options.find("run").isPresent();
  }

  /**
   * Prints the runs of {@code entries} (each attempt on its own), or only run {@code --run}.
   *
   * @return the exit status: 1 when {@code --run} names no run of the event
   */
  static int print(Options options, String eventId, List<HistoryEntry> entries, Console console) {
    Optional<String> only = options.find("run");
    List<String> lines = render(eventId, entries, only);
    if (lines.isEmpty()) {
      console.error("event \"" + eventId + "\" has no run with id \"" + only.orElse("") + "\"; its runs: "
          + runIds(entries));
      return ExitCode.FAILED;
    }
    lines.forEach(console::out);
    return ExitCode.OK;
  }

  /** Returns the lines: a title, then a block per run; empty when {@code only} names no run. */
  static List<String> render(String eventId, List<HistoryEntry> entries, Optional<String> only) {
    // an attempt is its run id and attempt number: a resumed or re-run attempt may keep the id
    Map<String, InvocationResult> results = new LinkedHashMap<>();
    Map<String, InvocationStarted> started = new LinkedHashMap<>();
    List<ClassificationChange> classifications = new ArrayList<>();
    for (HistoryEntry e : entries) {
      if (e instanceof InvocationResult r) {
        results.put(key(r.invocation()), r);
      } else if (e instanceof InvocationStarted s) {
        started.putIfAbsent(key(s.invocation()), s);
      } else if (e instanceof ClassificationChange c) {
        classifications.add(c);
      }
    }
    List<String> ids = new ArrayList<>(started.keySet());
    results.keySet().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
    if (only.isPresent()) {
      ids.removeIf(k -> !k.startsWith(only.get() + "\u0000"));
      if (ids.isEmpty()) {
        return List.of();
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add((only.isPresent() ? "Run " + only.get() + " of event " : "Runs of event ") + eventId + " ("
        + ids.size() + " attempt" + (ids.size() == 1 ? "" : "s") + (only.isPresent() ? "" : ", "
        + classifications.size() + " classification" + (classifications.size() == 1 ? "" : "s")) + ")");
    for (String id : ids) {
      lines.add("");
      InvocationResult r = results.get(id);
      InvocationStarted s = started.get(id);
      List<String> block = r != null ? result(r) : started(s);
      if (s != null && !s.queued().isZero()) {
        // after the "started" line: the wait for a lane slot came before the start
        int at = 0;
        while (at < block.size() && !block.get(at).trim().startsWith("started:")) {
          at++;
        }
        block.add(Math.min(at + 1, block.size()), field("queued", s.queued().toMillis() + " ms"));
      }
      lines.addAll(block);
    }
    return lines;
  }

  private static String key(Invocation inv) {
    return inv.id() + "\u0000" + inv.attempt();
  }

  private static List<String> header(Invocation inv) {
    List<String> l = new ArrayList<>();
    l.add("Run " + inv.id() + (inv.test() ? " [test]" : ""));
    l.add(field("event", inv.eventId() + " of organization " + inv.organization() + ", classification "
        + inv.classification().name()));
    l.add(field("action", inv.action() + " on connector " + inv.connector() + " (JumpBox " + inv.jumpBox() + ")"));
    l.add(field("script", inv.script() + ", runner " + inv.runner()));
    l.add(field("attempt", String.valueOf(inv.attempt())));
    return l;
  }

  private static List<String> started(InvocationStarted s) {
    List<String> l = header(s.invocation());
    l.add(field("status", "STARTED (no result recorded: still running, or the host stopped)"));
    l.add(field("started", INSTANT.format(s.time())));
    return l;
  }

  private static List<String> result(InvocationResult r) {
    List<String> l = header(r.invocation());
    l.add(field("status", r.status().name()));
    l.add(field("started", INSTANT.format(r.startedAt())));
    l.add(field("ended", INSTANT.format(r.time())));
    l.add(field("duration", Text.duration(r.duration())));
    block(l, "message", r.message());
    if (r.error().isPresent()) {
      ScriptError e = r.error().get();
      l.add(field("error", e.type() + (e.transientFailure() ? " (transient)" : "")));
      block(l, "error message", e.message());
      block(l, "traceback", e.traceback());
    }
    block(l, "output" + (r.outputTruncated() ? " (cut at the cap)" : ""), r.output());
    block(l, "result", r.result().map(RunDetails::json).orElse(""));
    return l;
  }

  private static String json(Map<String, Object> result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      return String.valueOf(result);
    }
  }

  /** A one-line value on its line; several lines below the label, indented; nothing when empty. */
  private static void block(List<String> l, String label, String text) {
    if (text == null || text.isBlank()) {
      return;
    }
    if (!text.strip().contains("\n")) {
      l.add(field(label, text.strip()));
      return;
    }
    l.add("  " + label + ":");
    text.stripTrailing().lines().forEach(line -> l.add(INDENT + line));
  }

  private static String field(String label, String value) {
    return "  " + Text.pad(label + ":", 15) + value;
  }

  private static List<String> runIds(List<HistoryEntry> entries) {
    return entries.stream().filter(e -> e instanceof InvocationResult || e instanceof InvocationStarted)
        .map(e -> e instanceof InvocationResult r ? r.invocation().id() : ((InvocationStarted) e).invocation().id())
        .distinct().toList();
  }
}
