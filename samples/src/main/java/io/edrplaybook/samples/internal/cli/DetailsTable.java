package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an event's classification details as the product shows them: one row per
 * classification and per run, with the time each happened or started, classification, action,
 * connector, status, duration and message. Rows are ordered by the time they show (a run by its start,
 * not its end), so a printed history reads top to bottom.
 */
final class DetailsTable {
  private static final String[] HEADER = {"STARTED (UTC)", "CLASSIFICATION", "ACTION", "CONNECTOR", "STATUS",
      "DURATION", "MESSAGE"};
  private static final int MESSAGE_WIDTH = 100;

  private DetailsTable() {}

  /** Returns the lines of the table, a title first. */
  static List<String> render(ClassificationDetails details) {
    List<HistoryEntry> shown = new ArrayList<>(details.entries());
    // stable: entries that show the same time keep the journal's order
    shown.sort(java.util.Comparator.comparing(DetailsTable::shownTime));
    List<String[]> rows = new ArrayList<>();
    for (HistoryEntry e : shown) {
      rows.add(row(e));
    }
    List<String> lines = new ArrayList<>();
    String date = details.entries().isEmpty() ? "" : ", " + Text.DATE.format(details.entries().get(0).time());
    lines.add("Classification details of event " + details.eventId() + date + " ("
        + details.classifications().size() + " classification" + (details.classifications().size() == 1 ? "" : "s")
        + ", " + details.runs().size() + " run" + (details.runs().size() == 1 ? "" : "s") + ")");
    int[] width = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      width[i] = HEADER[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    lines.add(line(HEADER, width));
    String[] rule = new String[HEADER.length];
    for (int i = 0; i < rule.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    lines.add(line(rule, width));
    rows.forEach(r -> lines.add(line(r, width)));
    return lines;
  }

  /** The time a row shows: when a run started, when anything else happened. */
  static java.time.Instant shownTime(HistoryEntry e) {
    return e instanceof InvocationResult r ? r.startedAt() : e.time();
  }

  private static String[] row(HistoryEntry e) {
    if (e instanceof ClassificationChange c) {
      String classification = c.previous().map(p -> p.name() + " -> ").orElse("") + c.classification().name();
      String message = !c.note().isBlank() ? c.note() : c.playbook().map(p -> "playbook \"" + p + "\"").orElse("");
      return new String[] {Text.time(c.time()), classification, "-", "-",
          c.isReclassification() ? "RECLASSIFIED" : "CLASSIFIED", "", Text.oneLine(message, MESSAGE_WIDTH)};
    }
    if (e instanceof InvocationResult r) {
      String message = Outcomes.message(r);
      String attempt = r.invocation().attempt() > 1 ? " (attempt " + r.invocation().attempt() + ")" : "";
      return new String[] {Text.time(r.startedAt()), r.invocation().classification().name(),
          r.invocation().action() + (r.invocation().test() ? " [test]" : ""), r.invocation().connector(),
          r.status().name() + attempt, Text.duration(r.duration()), Text.oneLine(message, MESSAGE_WIDTH)};
    }
    if (e instanceof InvocationStarted s) {
      return new String[] {Text.time(s.time()), s.invocation().classification().name(), s.invocation().action(),
          s.invocation().connector(), "STARTED", "", "no result recorded: still running, or the host stopped"};
    }
    if (e instanceof io.edrplaybook.api.AwaitingApproval a) {
      return new String[] {Text.time(a.time()), a.invocation().classification().name(), a.invocation().action(),
          a.invocation().connector(), "AWAITING_APPROVAL", "", Text.oneLine("until " + a.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + " (then: " + a.onExpiry().name().toLowerCase(java.util.Locale.ROOT) + "); " + a.reason(),
              MESSAGE_WIDTH)};
    }
    if (e instanceof io.edrplaybook.api.ApprovalDecision d) {
      return new String[] {Text.time(d.time()), d.invocation().classification().name(), d.invocation().action(),
          d.invocation().connector(), d.verdict().name(), "", Text.oneLine("by " + d.by()
              + (d.comment().isBlank() ? "" : ": " + d.comment()), MESSAGE_WIDTH)};
    }
    if (e instanceof io.edrplaybook.api.UndoScheduled u) {
      String when = u.dueAt().map(d -> "after " + java.time.Duration.between(u.time(), d)).orElse("");
      String on = u.onReclassifiedTo().isEmpty() ? "" : (when.isEmpty() ? "" : ", or ") + "when reclassified "
          + u.onReclassifiedTo().stream().sorted().map(Enum::name).toList();
      return new String[] {Text.time(u.time()), u.original().classification().name(), u.original().action(),
          u.original().connector(), "UNDO_SCHEDULED", "", Text.oneLine("undo " + when + on
              + ", if the run succeeds", MESSAGE_WIDTH)};
    }
    if (e instanceof io.edrplaybook.api.UndoEnded u) {
      return new String[] {Text.time(u.time()), u.original().classification().name(), u.original().action(),
          u.original().connector(), u.ran() ? "UNDONE" : "UNDO_CANCELLED", "", Text.oneLine(u.reason(), MESSAGE_WIDTH)};
    }
    return new String[] {Text.time(e.time()), "", "", "", e.getClass().getSimpleName(), "", ""};
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      b.append(i == cells.length - 1 ? cells[i] : Text.pad(cells[i], width[i] + 2));
    }
    return b.toString().stripTrailing();
  }
}
