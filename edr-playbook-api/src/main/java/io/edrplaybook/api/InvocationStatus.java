package io.edrplaybook.api;

/** How a run of an action on a connector ended. Every run ends in exactly one of these. */
public enum InvocationStatus {
  /** The script returned normally. */
  SUCCEEDED,
  /** The script raised, exited non-zero, returned a non-JSON value, or its worker died. */
  FAILED,
  /** The script ran past its deadline and was stopped. */
  TIMED_OUT,
  /** The run was accepted but the engine closed before it finished or started. */
  CANCELLED,
  /** The run was never started: its lane's queue was full, or no runner could take it. */
  REJECTED,
  /** The run started but the host stopped before it finished (found in a durable journal): outcome unknown. */
  INTERRUPTED,
  /** The run required approval and was denied: it never started. */
  DENIED,
  /** The run required approval and its approval window ended without one (expiry: deny): it never started. */
  EXPIRED;

  /** Returns whether this status means the action did what it was asked. */
  public boolean succeeded() {
    return this == SUCCEEDED;
  }
}
