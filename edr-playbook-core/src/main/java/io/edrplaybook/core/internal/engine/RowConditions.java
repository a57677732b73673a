package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.api.SkippedRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routing step of rows with a condition: the facts of an event read from the journal (lazily),
 * and the {@link SkippedRow} of a row its condition removed. A removed row is neither claimed nor
 * run nor recorded.
 */
public final class RowConditions {
  private RowConditions() {}

  /**
   * The facts of {@code event} once its classification is recorded: {@code previous} as the journal
   * answered, every classification received read from its history when a condition asks.
   */
  public static ConditionFacts afterClassify(SecurityEvent event, Optional<Classification> previous,
      Recorder recorder) {
    return new ConditionFacts(event, previous, () -> received(event, recorder));
  }

  /**
   * The facts of {@code event} for a dry run, which records nothing: its previous classification is
   * the one it would have once classified as {@code event} says.
   */
  public static ConditionFacts beforeClassify(SecurityEvent event, Recorder recorder) {
    Optional<EventState> state = recorder.event(EventKey.of(event));
    Optional<Classification> previous = state.isEmpty() ? Optional.empty()
        : state.get().current() != event.classification() ? Optional.of(state.get().current())
        : state.get().previous();
    return new ConditionFacts(event, previous, () -> received(event, recorder));
  }

  /** Returns the row of {@code route} removed by its condition, which failed with {@code failure}. */
  public static SkippedRow skipped(Route route, String failure, SecretMasker masker) {
    List<String> connectors = new ArrayList<>();
    route.targets().forEach(t -> connectors.add(t.connector().name()));
    return new SkippedRow(route.rule().section(), route.action().name(), connectors,
        masker.mask(route.condition().text()), masker.mask(failure));
  }

  /** Every classification the event has received, in order, with the one it has now. */
  private static List<Classification> received(SecurityEvent event, Recorder recorder) {
    Set<Classification> out = new LinkedHashSet<>();
    for (HistoryEntry e : recorder.history(EventKey.of(event))) {
      if (e instanceof ClassificationChange c) {
        out.add(c.classification());
      }
    }
    out.add(event.classification());
    return List.copyOf(out);
  }
}
