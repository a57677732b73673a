package io.edrplaybook.spi;

/** Which function of a script a call runs. */
public enum EntryPoint {
  /** {@code run(ctx)}: what a playbook runs. */
  RUN("run"),
  /** {@code test(ctx)}: what the Test button runs (falls back to {@code run} without one). */
  TEST("test"),
  /**
   * {@code undo(ctx)}: what a scheduled undo runs ({@code ctx["original"]} holds the run it
   * reverts); a script without it fails the undo run ({@code NameError}).
   */
  UNDO("undo");

  private final String function;

  EntryPoint(String function) {
    this.function = function;
  }

  /** Returns the Python function's name. */
  public String function() {
    return function;
  }
}
