package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.PlaybookException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Parses the command line, runs the command, turns failures into messages and exit statuses. */
public final class Cli {
  static final String PROGRAM = "java -jar edr-playbook-samples.jar";

  private final Console console;
  private boolean debug;

  /**
   * Creates the command line.
   *
   * @param out where results go
   * @param err where errors go
   * @param environment where {@code ${env:NAME}} secret references are looked up
   */
  public Cli(PrintStream out, PrintStream err, Function<String, String> environment) {
    this.console = new Console(out, err, environment);
  }

  /** Runs {@code args}; returns the exit status. */
  public int run(String[] args) {
    try {
      return dispatch(Arrays.asList(args));
    } finally {
      console.flush();
    }
  }

  private int dispatch(List<String> given) {
    List<String> args = new ArrayList<>(given);
    // --debug anywhere: an unexpected error prints its stack trace too
    debug = args.removeIf(a -> a.equals("--debug"));
    if (args.isEmpty()) {
      usage().forEach(console::err);
      console.error("no command given");
      return ExitCode.USAGE;
    }
    String first = args.get(0);
    if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
      if (first.equals("help") && args.size() > 1) {
        return commandHelp(args.get(1));
      }
      usage().forEach(console::out);
      return ExitCode.OK;
    }
    Optional<CommandSpec> spec = Commands.find(first);
    if (spec.isEmpty()) {
      String hint = Suggest.hint(first, Commands.names());
      console.error((first.startsWith("-") ? "unknown option \"" : "unknown command \"") + first + "\""
          + hint + " Commands: " + String.join(", ", Commands.names())
          + ". Run `" + PROGRAM + " --help` for help.");
      return ExitCode.USAGE;
    }
    Options options;
    try {
      options = Options.parse(spec.get(), args.subList(1, args.size()));
    } catch (UsageException e) {
      console.error(e.getMessage());
      console.err("Usage: " + PROGRAM + " " + spec.get().synopsis());
      console.err("Run `" + PROGRAM + " " + spec.get().name() + " --help` for help.");
      return ExitCode.USAGE;
    }
    if (options.help()) {
      spec.get().help().forEach(console::out);
      return ExitCode.OK;
    }
    return execute(spec.get(), options);
  }

  private int execute(CommandSpec spec, Options options) {
    try {
      return spec.command().get().execute(options, console);
    } catch (ConfigurationException e) {
      problems(console, e);
      return ExitCode.FAILED;
    } catch (UsageException e) {
      console.error(e.getMessage());
      console.err("Run `" + PROGRAM + " " + spec.name() + " --help` for help.");
      return ExitCode.USAGE;
    } catch (PlaybookException | UncheckedIOException | IllegalArgumentException e) {
      console.error(e.getMessage());
      trace(e);
      return ExitCode.FAILED;
    } catch (OutOfMemoryError e) {
      console.error(spec.name() + " failed: out of memory (the Java heap, -Xmx, is too small for this work: "
          + e.getMessage() + "); give the JVM more heap" + (debug ? "" : "; --debug shows where"));
      trace(e);
      return ExitCode.FAILED;
    } catch (Exception | Error e) {
      console.error(spec.name() + " failed unexpectedly: " + e + (debug ? "" : " (--debug shows the stack trace)"));
      trace(e);
      return ExitCode.FAILED;
    }
  }

  private void trace(Throwable e) {
    if (debug) {
      java.io.StringWriter w = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(w));
      w.toString().lines().forEach(console::err);
    }
  }

  /** Prints a refused configuration: one problem a line, each with its path. */
  static void problems(Console console, ConfigurationException e) {
    List<ConfigurationProblem> list = e.problems();
    console.error("the configuration has " + (list.size() == 1 ? "1 problem:" : list.size() + " problems:"));
    for (ConfigurationProblem p : list) {
      console.err("  " + p);
    }
  }

  private int commandHelp(String name) {
    Optional<CommandSpec> spec = Commands.find(name);
    if (spec.isEmpty()) {
      console.error("unknown command \"" + name + "\"" + Suggest.hint(name, Commands.names()));
      return ExitCode.USAGE;
    }
    spec.get().help().forEach(console::out);
    return ExitCode.OK;
  }

  private static List<String> usage() {
    List<String> lines = new ArrayList<>();
    lines.add("edr-playbook: automated incident response playbooks, from the command line.");
    lines.add("");
    lines.add("Usage: " + PROGRAM + " <command> [options]");
    lines.add("");
    lines.add("Commands:");
    for (CommandSpec c : Commands.ALL) {
      lines.add("  " + String.format("%-9s", c.name()) + " " + c.summary());
    }
    lines.add("");
    for (CommandSpec c : Commands.ALL) {
      lines.add("  " + PROGRAM + " " + c.synopsis());
    }
    lines.add("");
    lines.add("Run `" + PROGRAM + " <command> --help` for a command's options. Any command takes --debug: an");
    lines.add("unexpected error then prints its stack trace too (else one line).");
    lines.add("Exit status: 0 success, 1 a failed check (problems, a failed run), 2 a wrong command line.");
    return lines;
  }
}
