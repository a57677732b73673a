package io.edrplaybook.samples.cli;

import io.edrplaybook.samples.internal.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One run of the command line in this JVM: its exit status and what it wrote.
 *
 * @param exit the exit status
 * @param out standard output
 * @param err standard error
 */
record CliRun(int exit, String out, String err) {

  /** The secrets of the test configurations, as their {@code ${env:...}} references find them. */
  static final Map<String, String> ENV = Map.of(
      "CLI_CHAT_TOKEN", "chat-token-0f1e2d3c",
      "CLI_FW_PASSWORD", "fw-password-4b5a6978",
      "CLI_LEAKY_KEY", "leaky-key-Zq81xW");

  /** Runs {@code args} with the test environment. */
  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = new Cli(o, e, ENV::get).run(args);
    }
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The path of a test resource under {@code cli/}. */
  static String resource(String name) {
    try {
      return Path.of(CliRun.class.getResource("/cli/" + name).toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no test resource cli/" + name, e);
    }
  }

  List<String> outLines() {
    return Arrays.asList(out.split("\\R"));
  }

  List<String> errLines() {
    return Arrays.asList(err.split("\\R"));
  }

  /** Both streams, for assertion messages. */
  String both() {
    return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
