package io.edrplaybook.api;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A script was refused when it was added ("uploaded"): it does not compile, or it has no
 * {@code run} function. The message names the file and, where known, the line and column.
 */
public class ScriptValidationException extends PlaybookException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param file the script's file name as configured; never null
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param reason what is wrong, e.g. {@code invalid syntax} or {@code no top-level 'def run(ctx)'}
   */
  public ScriptValidationException(String file, int line, int column, String reason) {
    super(render(file, line, column, reason));
    this.file = file;
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
    this.reason = reason;
  }

  /** Returns the script's file name as configured. */
  public String file() {
    return file;
  }

  /** Returns the 1-based line of the problem, if known. */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /** Returns the 1-based column of the problem, if known. */
  public OptionalInt column() {
    return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
  }

  /** Returns what is wrong, without the location. */
  public String reason() {
    return reason;
  }

  private static String render(String file, int line, int column, String reason) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(", line ").append(line);
      if (column > 0) {
        sb.append(", column ").append(column);
      }
    }
    return sb.append(": ").append(reason).toString();
  }
}
