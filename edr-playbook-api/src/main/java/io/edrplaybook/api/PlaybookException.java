package io.edrplaybook.api;

/**
 * The root of every exception edr-playbook throws. Unchecked: a host catches the specific
 * subclass it can handle and lets the rest propagate.
 *
 * <p>A failing <em>script</em> is never an exception of the engine: it is an
 * {@link InvocationResult} with status {@link InvocationStatus#FAILED} or
 * {@link InvocationStatus#TIMED_OUT} recorded in the event's {@link ClassificationDetails}.
 */
public class PlaybookException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message a sentence saying what happened; never null
   */
  public PlaybookException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message a sentence saying what happened; never null
   * @param cause the underlying failure; may be null
   */
  public PlaybookException(String message, Throwable cause) {
    super(message, cause);
  }
}
