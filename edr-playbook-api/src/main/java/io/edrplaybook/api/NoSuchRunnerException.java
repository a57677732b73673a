package io.edrplaybook.api;

/**
 * No {@code ScriptRunner} with the requested id is registered or discoverable. The message names
 * the ids that were found and the artifact that would add the missing one.
 */
public class NoSuchRunnerException extends PlaybookException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the missing id, the ids found, and what to add
   */
  public NoSuchRunnerException(String message) {
    super(message);
  }
}
