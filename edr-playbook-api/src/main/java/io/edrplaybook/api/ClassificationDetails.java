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
 * @param organization the event's organization (an event is its organization and id; the same id
 *     in another organization is another event)
 * @param eventId the event's id
 * @param entries the history, oldest first: {@link ClassificationChange}s and
 *     {@link InvocationResult}s, plus {@link InvocationStarted} for runs still in flight, and
 *     {@link AwaitingApproval} and {@link ApprovalDecision} for runs that required approval
 */
public record ClassificationDetails(String organization, String eventId, List<HistoryEntry> entries) {

  /** Validates and copies. */
  public ClassificationDetails {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(eventId, "eventId");
    entries = List.copyOf(entries);
  }

  /**
   * Builds the details from a journal's entries for one event: drops the "started" entry of each
   * run that has its result, and orders by time (runs that end together on two threads may have
   * been appended out of order; the sort is stable).
   *
   * @param event the event: organization and id; never null
   * @param journalEntries its entries as a journal holds them; never null
   * @return the details
   */
  public static ClassificationDetails fromJournal(EventKey event, List<HistoryEntry> journalEntries) {
    Objects.requireNonNull(event, "event");
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
    return new ClassificationDetails(event.organization(), event.eventId(), shown);
  }

  /** Returns the event: organization and id. */
  public EventKey eventKey() {
    return new EventKey(organization, eventId);
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

  /** Returns every approval decision (who approved, denied, when), oldest first. */
  public List<ApprovalDecision> decisions() {
    return entries.stream().filter(ApprovalDecision.class::isInstance).map(ApprovalDecision.class::cast).toList();
  }

  /** Returns the runs that await approval now: requested and not decided, oldest first. */
  public List<AwaitingApproval> awaitingApproval() {
    Set<String> decided = new HashSet<>();
    decisions().forEach(d -> decided.add(d.invocation().id()));
    return entries.stream().filter(AwaitingApproval.class::isInstance).map(AwaitingApproval.class::cast)
        .filter(a -> !decided.contains(a.invocation().id())).toList();
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
