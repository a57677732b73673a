package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.core.internal.engine.SecretMasker;
import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a command writes: results to {@code out}, errors and warnings to {@code err}. Every line
 * goes through a mask of the secrets known so far, a second guard beside the engine's own
 * masking, and then has its control characters escaped, since event ids, names, messages and
 * output come from input and scripts: one call prints exactly one line. Thread-safe: the
 * engine's listener threads print progress through it.
 */
final class Console {
  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> environment;
  private final Set<String> secrets = new LinkedHashSet<>();
  private volatile SecretMasker masker = SecretMasker.of(Set.of());

  Console(PrintStream out, PrintStream err, Function<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  /** Where {@code ${env:NAME}} secrets are looked up. */
  Function<String, String> environment() {
    return environment;
  }

  /** Adds secret values to mask from now on. */
  synchronized void mask(Collection<String> values) {
    secrets.addAll(values);
    masker = SecretMasker.of(secrets);
  }

  /** Prints a line of results. */
  void out(String line) {
    out.println(masked(line));
  }

  /** Prints an empty line of results. */
  void out() {
    out.println();
  }

  /** Prints a line of error or warning. */
  void err(String line) {
    err.println(masked(line));
  }

  /** Prints an error line prefixed with the tool's name. */
  void error(String message) {
    err("edr-playbook: " + message);
  }

  /** The line as printed: secrets masked, then control characters escaped ({@link Printable}). */
  String masked(String text) {
    return Printable.of(masker.mask(text));
  }

  void flush() {
    out.flush();
    err.flush();
  }
}
