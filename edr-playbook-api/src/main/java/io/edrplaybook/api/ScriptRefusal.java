package io.edrplaybook.api;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Why and where a script was refused when it was added: its file, the line and column of the
 * problem where known, the kind of problem ({@link #type()}) and what is wrong. A host shows it
 * at the line (a {@link ConfigurationProblem} carries it, see {@link ConfigurationProblem#script()}).
 *
 * @param file the script's file name as configured; never null
 * @param line the 1-based line of the problem, or 0 when unknown
 * @param column the 1-based column of the problem, or 0 when unknown
 * @param type what kind of problem, the same on every runner: one of the constants of
 *     {@link ScriptValidationException} ({@code SyntaxError}, {@code IndentationError},
 *     {@code TabError}, {@code EncodingError}, {@code NoRunFunction}), or another name a
 *     third-party runner chooses; never null nor blank
 * @param reason what is wrong, without the location or the type, e.g. {@code unexpected indent};
 *     never null
 */
public record ScriptRefusal(String file, int line, int column, String type, String reason) {

  /** Validates; a negative line or column is taken as unknown (0). */
  public ScriptRefusal {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    if (type.isBlank()) {
      throw new IllegalArgumentException("type must not be blank; use ScriptValidationException.INVALID_SCRIPT"
          + " when the runner cannot tell");
    }
    line = Math.max(0, line);
    column = line == 0 ? 0 : Math.max(0, column);
  }

  /** Returns the 1-based line of the problem, if known. */
  public OptionalInt knownLine() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /** Returns the 1-based column of the problem, if known. */
  public OptionalInt knownColumn() {
    return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
  }

  /** Returns {@code file, line L, column C: Type: reason}, the message of a refused script. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(", line ").append(line);
      if (column > 0) {
        sb.append(", column ").append(column);
      }
    }
    sb.append(": ");
    if (type.endsWith("Error")) {
      sb.append(type).append(": ");
    }
    return sb.append(reason).toString();
  }
}
