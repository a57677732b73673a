package io.edrplaybook.api;

/** The engine was closed: it accepts no new events, tests or configurations. */
public class EngineClosedException extends PlaybookException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused
   */
  public EngineClosedException(String message) {
    super(message);
  }
}
