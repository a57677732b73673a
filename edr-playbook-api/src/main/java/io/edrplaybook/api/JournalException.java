package io.edrplaybook.api;

/**
 * The journal could not do what the engine asked: a write failed, the store is unreachable, or the
 * journal is closed or owned by another writer. The message says which journal and why. While the
 * journal is failing the engine refuses new submissions with this exception; nothing it accepted
 * earlier is lost without a record.
 */
public class JournalException extends PlaybookException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message a sentence naming the journal and what failed; never null
   */
  public JournalException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message a sentence naming the journal and what failed; never null
   * @param cause the underlying failure; may be null
   */
  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
