package io.edrplaybook.samples.internal.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A command's options as given: {@code --name value} or {@code --name=value}. */
final class Options {
  private final Map<String, String> values;
  private final boolean help;

  private Options(Map<String, String> values, boolean help) {
    this.values = values;
    this.help = help;
  }

  /**
   * Parses {@code args} (what follows the command's name) against {@code spec}.
   *
   * @throws UsageException naming the unknown, missing, repeated or valueless option
   */
  static Options parse(CommandSpec spec, List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> known = spec.options().stream().map(CommandSpec.Option::name).toList();
    List<String> flags = spec.options().stream().filter(CommandSpec.Option::isFlag).map(CommandSpec.Option::name)
        .toList();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        return new Options(Map.of(), true);
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException(spec.name() + ": unexpected argument \"" + arg + "\"; options are written --name VALUE");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!known.contains(name)) {
        throw new UsageException(spec.name() + ": unknown option \"--" + name + "\""
            + Suggest.closest(name, known).map(s -> ", did you mean \"--" + s + "\"?")
                .orElse("; it takes " + String.join(", ", known.stream().map(k -> "--" + k).toList())));
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException(spec.name() + ": option --" + name + " takes no value, was given \"" + value + "\"");
        }
        if (values.putIfAbsent(name, "true") != null) {
          throw new UsageException(spec.name() + ": option --" + name + " is given twice");
        }
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException(spec.name() + ": option --" + name + " needs a value");
        }
        value = args.get(++i);
      }
      if (value.isBlank()) {
        throw new UsageException(spec.name() + ": option --" + name + " needs a value, was empty");
      }
      if (values.putIfAbsent(name, value) != null) {
        throw new UsageException(spec.name() + ": option --" + name + " is given twice");
      }
    }
    for (CommandSpec.Option o : spec.options()) {
      if (o.required() && !values.containsKey(o.name())) {
        throw new UsageException(spec.name() + ": option --" + o.name() + " " + o.value() + " is required");
      }
    }
    return new Options(Map.copyOf(values), false);
  }

  /** Whether {@code --help} was asked for. */
  boolean help() {
    return help;
  }

  /** The value of a required option. */
  String get(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalStateException("option --" + name + " was not parsed as required");
    }
    return v;
  }

  /** Whether a flag was given. */
  boolean flag(String name) {
    return values.containsKey(name);
  }

  /** The value of an optional option. */
  Optional<String> find(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The value of a required option, as a path. */
  Path path(String name) {
    return Paths.get(get(name));
  }
}
