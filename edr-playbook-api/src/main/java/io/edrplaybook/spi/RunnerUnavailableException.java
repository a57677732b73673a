package io.edrplaybook.spi;

import io.edrplaybook.api.PlaybookException;

/**
 * A runner could not start a call: no worker could be had, or the runner is closed. The script
 * did not run, so retrying cannot run it twice.
 */
public class RunnerUnavailableException extends PlaybookException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why no call could be started
   * @param cause the underlying failure; may be null
   */
  public RunnerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
