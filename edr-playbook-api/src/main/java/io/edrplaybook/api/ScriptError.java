package io.edrplaybook.api;

import java.util.Objects;

/**
 * Why a script failed, as the runner saw it.
 *
 * @param type the exception's bare class name ({@code ValueError}, {@code SystemExit}, {@code TimeoutError}, ...)
 * @param message the exception's message, non-ASCII intact
 * @param traceback the traceback, with the uploaded file's name and line numbers; may be empty
 * @param transientFailure whether the script declared the failure transient (an exception with a
 *     true {@code transient} attribute): only then is a run that started retried
 */
public record ScriptError(String type, String message, String traceback, boolean transientFailure) {

  /** Validates. */
  public ScriptError {
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
    traceback = traceback == null ? "" : traceback;
  }

  /** An error with no traceback that is not transient. */
  public static ScriptError of(String type, String message) {
    return new ScriptError(type, message, "", false);
  }

  /** Returns {@code type: message}. */
  public String summary() {
    return message.isEmpty() ? type : type + ": " + message;
  }
}
