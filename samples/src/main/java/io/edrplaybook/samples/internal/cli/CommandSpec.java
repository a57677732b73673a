package io.edrplaybook.samples.internal.cli;

import java.util.List;
import java.util.function.Supplier;

/**
 * A command's name, options and help text.
 *
 * @param name what is typed, e.g. {@code run}
 * @param summary one line for the tool's help
 * @param description what it does, for its own help (lines)
 * @param options the options it takes
 * @param exits what each exit status means for it
 * @param command creates the command
 */
record CommandSpec(String name, String summary, List<String> description, List<Option> options,
    String exits, Supplier<Command> command) {

  /**
   * An option: {@code --name VALUE}.
   *
   * @param name without the dashes
   * @param value the placeholder of its value, e.g. {@code FILE}; null for a flag (no value)
   * @param required whether it must be given
   * @param help one line
   */
  record Option(String name, String value, boolean required, String help) {
    /** A flag: {@code --name}, no value, never required. */
    static Option flag(String name, String help) {
      return new Option(name, null, false, help);
    }

    boolean isFlag() {
      return value == null;
    }

    String synopsis() {
      String s = "--" + name + (isFlag() ? "" : " " + value);
      return required ? s : "[" + s + "]";
    }
  }

  /** Returns {@code run --config FILE --events FILE [--journal FILE]}. */
  String synopsis() {
    StringBuilder b = new StringBuilder(name);
    options.forEach(o -> b.append(' ').append(o.synopsis()));
    return b.toString();
  }

  /** Returns the command's help, as lines. */
  List<String> help() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("Usage: " + Cli.PROGRAM + " " + synopsis());
    lines.add("");
    lines.addAll(description);
    lines.add("");
    lines.add("Options:");
    int width = options.stream().mapToInt(o -> ("--" + o.name() + (o.isFlag() ? "" : " " + o.value())).length()).max().orElse(0);
    width = Math.max(width, "--debug".length());
    for (Option o : options) {
      lines.add("  " + Text.pad("--" + o.name() + (o.isFlag() ? "" : " " + o.value()), width) + "  " + o.help()
          + (o.required() ? "" : " (optional)"));
    }
    lines.add("  " + Text.pad("--debug", width) + "  on an unexpected error, print its stack trace too");
    lines.add("  " + Text.pad("--help", width) + "  show this help");
    lines.add("");
    lines.add("Exit status: " + exits + "; 2 when the command line is wrong.");
    return lines;
  }
}
