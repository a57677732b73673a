package io.edrplaybook.samples;

import io.edrplaybook.samples.internal.cli.Cli;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The command line of edr-playbook ({@code java -jar edr-playbook-samples.jar <command>}):
 * {@code demo}, {@code validate}, {@code plan}, {@code run}, {@code test}, {@code history} and
 * {@code rerun}, as docs/cli.md describes; {@code --help} lists them and explains each.
 *
 * <p>Exit status: 0 when the command did what it was asked and every check passed, 1 when a check
 * failed (a configuration with problems, an unreadable events line, a run that did not succeed, an
 * unknown event), 2 when the command line itself is wrong (unknown command or option, a missing
 * or repeated option). Errors go to standard error, results to standard output.
 */
public final class EdrPlaybookCli {

  private EdrPlaybookCli() {}

  /**
   * Runs the command line and exits the JVM with its exit status.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    // an error on another thread (a listener, a runner) reaches the user as one line too
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.println("error: thread " + t.getName()
        + " failed: " + (e instanceof OutOfMemoryError ? "out of memory (the Java heap, -Xmx, is too small): " : "")
        + e));
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line in this JVM, writing to the given streams; secrets read through
   * {@code ${env:NAME}} come from the process's environment.
   *
   * @param args the command and its options; never null
   * @param out where results go; never null
   * @param err where errors and warnings go; never null
   * @return the exit status: 0 success, 1 a failed check, 2 a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Objects.requireNonNull(args, "args");
    return new Cli(Objects.requireNonNull(out, "out"), Objects.requireNonNull(err, "err"), System::getenv)
        .run(args);
  }
}
