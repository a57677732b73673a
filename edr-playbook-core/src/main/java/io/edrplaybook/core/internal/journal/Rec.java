package io.edrplaybook.core.internal.journal;

import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import java.time.Instant;

/**
 * One record of the file journal's log, decoded.
 *
 * @param type one of the type constants
 * @param position where it starts in the log
 * @param previous the position of the previous record of the same event, 0 for none
 * @param event the event it belongs to
 * @param time when it happened: the entry's time (a result's end), or when a claim was written
 * @param entry the history entry of a classification, start, result, approval request or decision;
 *     null for claims and releases
 * @param invocation the run of a claim, release, start, result, approval request or decision; null
 *     for a classification
 * @param snapshot the event's state carried forward by retention; only in a state record
 */
record Rec(int type, long position, long previous, EventKey event, Instant time, HistoryEntry entry,
    Invocation invocation, EventSummary snapshot) {
  static final int CLASSIFY = 1;
  static final int CLAIM = 2;
  static final int RELEASE = 3;
  static final int STARTED = 4;
  static final int FINISHED = 5;
  /** The state of an event whose older records retention deleted: the base of a fold. */
  static final int STATE = 6;
  /** A claimed run awaits approval (implies its claim). */
  static final int AWAIT = 7;
  /** A run's wait for approval was decided. */
  static final int DECIDE = 8;
  /** An undo of a run was scheduled. */
  static final int UNDO = 9;
  /** A scheduled undo ended. */
  static final int UNDONE = 10;

  Rec(int type, long position, long previous, EventKey event, Instant time, HistoryEntry entry,
      Invocation invocation) {
    this(type, position, previous, event, time, entry, invocation, null);
  }
}
