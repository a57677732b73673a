package io.edrplaybook.subprocess.internal;

import java.util.Map;

/**
 * How one exchange with a worker ended.
 *
 * @param kind what happened
 * @param frame the worker's answer, for {@link Kind#FRAME} and {@link Kind#TIMEOUT_REPORT}; else empty
 * @param detail for {@link Kind#DIED}: how the worker ended, e.g. {@code exited with status 3}
 * @param stderrTail for {@link Kind#DIED}: the last bytes the worker wrote to stderr
 */
record Reply(Kind kind, Map<String, Object> frame, String detail, String stderrTail) {

  /** What happened. */
  enum Kind {
    /** The worker answered. */
    FRAME,
    /** The deadline passed; the worker's process group was killed. */
    TIMED_OUT,
    /** The worker died or broke the protocol; it was killed. */
    DIED,
    /** The runner was closed meanwhile. */
    CLOSED,
    /** The deadline passed; the worker reported its output and stack first, and was killed. */
    TIMEOUT_REPORT
  }

  static Reply frame(Map<String, Object> frame) {
    return new Reply(Kind.FRAME, frame, "", "");
  }

  static Reply timeoutReport(Map<String, Object> frame) {
    return new Reply(Kind.TIMEOUT_REPORT, frame, "", "");
  }

  static Reply of(Kind kind) {
    return new Reply(kind, Map.of(), "", "");
  }

  static Reply died(String detail, String stderrTail) {
    return new Reply(Kind.DIED, Map.of(), detail, stderrTail);
  }
}
