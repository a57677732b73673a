package io.edrplaybook.samples.internal.cli;

/** One command of the command line. */
interface Command {

  /**
   * Runs the command.
   *
   * @param options its parsed options
   * @param console where it writes
   * @return the exit status
   */
  int execute(Options options, Console console) throws Exception;
}
