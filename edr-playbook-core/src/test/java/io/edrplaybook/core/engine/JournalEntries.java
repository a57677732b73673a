package io.edrplaybook.core.engine;

import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoScheduled;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The entries the file journal's own tests write: runs, approval requests, undos. */
final class JournalEntries {
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private JournalEntries() {}

  /** A first attempt of "Block Address" on "Edge FW" for event {@code eventId} of acme. */
  static Invocation run(String id, String eventId) {
    return run(id, eventId, "acme", "Block Address");
  }

  static Invocation run(String id, String eventId, String organization, String action) {
    return new Invocation(id, eventId, organization, Classification.MALICIOUS, action, "Edge FW", "firewall.py",
        "jython", "jb-1", false, 1);
  }

  /** A request whose window ends at {@code expiresAt}, denied when it ends. */
  static AwaitingApproval awaiting(Invocation i, Instant expiresAt) {
    return new AwaitingApproval(i, NOW, expiresAt, ApprovalGate.OnExpiry.DENY, Map.of("id", i.eventId()),
        "row 1, cell Edge FW needs approval");
  }

  /** A timed undo of {@code i}, due at {@code dueAt}. */
  static UndoScheduled undo(Invocation i, Instant dueAt) {
    return new UndoScheduled(i, NOW, Optional.of(dueAt), Set.of(), Map.of("id", i.eventId()));
  }

  /** The end of {@code i}'s undo, cancelled. */
  static UndoEnded undoCancelled(Invocation i) {
    return new UndoEnded(i, false, Optional.empty(), "the run did not succeed", NOW);
  }
}
