package io.edrplaybook.api;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A script was refused when it was added ("uploaded"): it does not compile, or it has no
 * {@code run} function. The message names the file and, where known, the line and column; the
 * same facts are at hand one by one ({@link #file()}, {@link #line()}, {@link #column()},
 * {@link #type()}, {@link #reason()}, all of them in {@link #refusal()}), so a host can mark the
 * line.
 *
 * <p>{@link #type()} is the same on every runner for the same script: the name of the Python
 * exception compiling it raised ({@link #SYNTAX_ERROR}, {@link #INDENTATION_ERROR},
 * {@link #TAB_ERROR}), {@link #ENCODING_ERROR} when its bytes do not match its encoding (Python 2
 * and Jython: non-ASCII text without a PEP 263 coding line; any Python: an unknown coding), or
 * {@link #NO_RUN_FUNCTION}.
 */
public class ScriptValidationException extends PlaybookException {
  private static final long serialVersionUID = 1L;

  /** The script is not valid Python (Python's {@code SyntaxError}). */
  public static final String SYNTAX_ERROR = "SyntaxError";
  /** Bad indentation (Python's {@code IndentationError}: unexpected or missing indent). */
  public static final String INDENTATION_ERROR = "IndentationError";
  /** Tabs and spaces mixed ambiguously (Python's {@code TabError}). */
  public static final String TAB_ERROR = "TabError";
  /** The script's bytes do not match its (declared or default) source encoding. */
  public static final String ENCODING_ERROR = "EncodingError";
  /** The script compiles but defines no top-level {@code def run(ctx)}. */
  public static final String NO_RUN_FUNCTION = "NoRunFunction";
  /** Refused for a reason the runner does not classify (the 4-argument constructor). */
  public static final String INVALID_SCRIPT = "InvalidScript";

  private final ScriptRefusal refusal;

  /**
   * Creates the exception.
   *
   * @param file the script's file name as configured; never null
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param type the kind of problem, one of this class's constants where one fits; never null
   * @param reason what is wrong without location and type, e.g. {@code invalid syntax}
   */
  public ScriptValidationException(String file, int line, int column, String type, String reason) {
    this(new ScriptRefusal(file, line, column, type, reason));
  }

  /**
   * Creates the exception of type {@link #INVALID_SCRIPT}.
   *
   * @param file the script's file name as configured; never null
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param reason what is wrong, e.g. {@code invalid syntax} or {@code no top-level 'def run(ctx)'}
   */
  public ScriptValidationException(String file, int line, int column, String reason) {
    this(file, line, column, INVALID_SCRIPT, reason);
  }

  /**
   * Creates the exception for a refusal.
   *
   * @param refusal why and where; never null
   */
  public ScriptValidationException(ScriptRefusal refusal) {
    super(Objects.requireNonNull(refusal, "refusal").toString());
    this.refusal = refusal;
  }

  /** Returns why and where the script was refused, as one value a host can keep. */
  public ScriptRefusal refusal() {
    return refusal;
  }

  /** Returns the script's file name as configured. */
  public String file() {
    return refusal.file();
  }

  /** Returns the 1-based line of the problem, if known. */
  public OptionalInt line() {
    return refusal.knownLine();
  }

  /** Returns the 1-based column of the problem, if known. */
  public OptionalInt column() {
    return refusal.knownColumn();
  }

  /** Returns the kind of problem, e.g. {@link #INDENTATION_ERROR}; never null. */
  public String type() {
    return refusal.type();
  }

  /** Returns what is wrong, without the location or the type. */
  public String reason() {
    return refusal.reason();
  }
}
