package io.edrplaybook.samples.internal.cli;

/** The exit statuses of the command line. */
public final class ExitCode {
  /** The command did what it was asked and every check passed. */
  public static final int OK = 0;
  /** A check failed: problems in a configuration, an unreadable events line, a run that failed. */
  public static final int FAILED = 1;
  /** The command line is wrong: unknown command or option, a missing or repeated option. */
  public static final int USAGE = 2;

  private ExitCode() {}
}
