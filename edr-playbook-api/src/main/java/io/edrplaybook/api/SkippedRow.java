package io.edrplaybook.api;

import java.util.List;
import java.util.Objects;

/**
 * A playbook row checked for the event's classification that its {@link Condition} removed: it
 * does not run, on any of its connectors, and nothing of it is claimed or recorded.
 *
 * @param section the row's section
 * @param action the row's action
 * @param connectors the connectors it would have run on, in order
 * @param condition the row's condition, as {@link Condition#text()}
 * @param failedClause the clause that did not hold and why, e.g.
 *     {@code details.rule equals "Ransomware" (was "Phishing")} or {@code device.os in ["linux"] (missing)}
 */
public record SkippedRow(PlaybookSection section, String action, List<String> connectors, String condition,
    String failedClause) {

  /** Validates and copies. */
  public SkippedRow {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(action, "action");
    connectors = List.copyOf(connectors);
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(failedClause, "failedClause");
  }

  /** Returns the sentence shown for it: {@code row "Block Address" removed by its condition ...: ...}. */
  public String reason() {
    return "row \"" + action + "\" removed by its condition " + condition + ": " + failedClause;
  }
}
