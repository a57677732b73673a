package io.edrplaybook.samples.internal.cli;

/** The command line is wrong; the message says how. Exit status 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
