package io.edrplaybook.spi;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link ExecutionJournal#classify}: the event's state after the call, the change
 * the journal recorded (empty when the event already had that classification), and, from
 * {@link ExecutionJournal#classify(ClassificationChange, List)}, the claims made with it.
 *
 * @param state the event's classification after the call; never null
 * @param recorded the entry appended to the event's history, with its {@code previous} filled in by
 *     the journal; empty when nothing changed
 * @param claims the answers to the claims asked for with the classification, in the order asked;
 *     empty when none were asked for
 */
public record Classified(EventState state, Optional<ClassificationChange> recorded, List<RunClaim> claims) {

  /** Validates and copies. */
  public Classified {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(recorded, "recorded");
    claims = List.copyOf(Objects.requireNonNull(claims, "claims"));
  }

  /** The answer of a classification that asked for no claims. */
  public Classified(EventState state, Optional<ClassificationChange> recorded) {
    this(state, recorded, List.of());
  }

  /** Returns this answer with {@code claims}. */
  public Classified withClaims(List<RunClaim> claims) {
    return new Classified(state, recorded, claims);
  }
}
