package io.edrplaybook.api;

/**
 * A security event was refused at submission: an unknown organization, or a missing field. Nothing
 * was recorded for it.
 */
public class InvalidEventException extends PlaybookException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the event
   */
  public InvalidEventException(String message) {
    super(message);
  }
}
