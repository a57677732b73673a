package io.edrplaybook.spi;

import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link ExecutionJournal#claim}: whether this caller now owns the run, and if not,
 * how far the run that holds the key got.
 *
 * @param key the run key; never null
 * @param granted whether this call inserted the claim (the caller must now start the run, or give
 *     the claim back with {@link ExecutionJournal#release})
 * @param lastStatus when not granted: the terminal status of the holder's last attempt, empty while
 *     the holder has not ended yet (claimed or running); always empty when granted
 */
public record RunClaim(RunKey key, boolean granted, Optional<InvocationStatus> lastStatus) {

  /** Validates. */
  public RunClaim {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastStatus, "lastStatus");
    if (granted && lastStatus.isPresent()) {
      throw new IllegalArgumentException("a granted claim has no last status");
    }
  }

  /** A claim this caller now owns. */
  public static RunClaim granted(RunKey key) {
    return new RunClaim(key, true, Optional.empty());
  }

  /** A key another run holds; {@code lastStatus} empty while that run has not ended. */
  public static RunClaim held(RunKey key, Optional<InvocationStatus> lastStatus) {
    return new RunClaim(key, false, lastStatus);
  }
}
