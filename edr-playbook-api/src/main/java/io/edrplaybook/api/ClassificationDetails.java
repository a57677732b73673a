package io.edrplaybook.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An event's history, as the product shows it: every classification it received and every run
 * for it, chronological.
 *
 * @param eventId the event
 * @param entries the history, oldest first: {@link ClassificationChange}s and
 *     {@link InvocationResult}s, plus {@link InvocationStarted} for runs still in flight
 */
public record ClassificationDetails(String eventId, List<HistoryEntry> entries) {

  /** Validates and copies. */
  public ClassificationDetails {
    Objects.requireNonNull(eventId, "eventId");
    entries = List.copyOf(entries);
  }

  /**
   * Builds the details from a journal's entries for one event: drops the "started" entry of each
   * run that has its result, and orders by time (runs that end together on two threads may have
   * been appended out of order; the sort is stable).
   *
   * @param eventId the event
   * @param journalEntries its entries as a journal holds them; never null
   * @return the details
   */
  public static ClassificationDetails fromJournal(String eventId, List<HistoryEntry> journalEntries) {
    Set<String> ended = new HashSet<>();
    for (HistoryEntry e : journalEntries) {
      if (e instanceof InvocationResult r) {
        ended.add(r.invocation().id());
      }
    }
    List<HistoryEntry> shown = new ArrayList<>(journalEntries.size());
    for (HistoryEntry e : journalEntries) {
      if (!(e instanceof InvocationStarted s) || !ended.contains(s.invocation().id())) {
        shown.add(e);
      }
    }
    shown.sort(Comparator.comparing(HistoryEntry::time));
    return new ClassificationDetails(eventId, shown);
  }

  /** Returns the classifications the event received, oldest first. */
  public List<ClassificationChange> classifications() {
    return entries.stream().filter(ClassificationChange.class::isInstance)
        .map(ClassificationChange.class::cast).toList();
  }

  /** Returns the terminal record of every run, oldest first. */
  public List<InvocationResult> runs() {
    return entries.stream().filter(InvocationResult.class::isInstance)
        .map(InvocationResult.class::cast).toList();
  }

  /** Returns the event's current classification, if it has one. */
  public Optional<Classification> currentClassification() {
    List<ClassificationChange> c = classifications();
    return c.isEmpty() ? Optional.empty() : Optional.of(c.get(c.size() - 1).classification());
  }

  /** Returns whether nothing is known of the event. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
