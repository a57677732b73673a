package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.Organization;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.CorePlaybookEngine;
import java.util.List;

/** {@code test --config F --connector C --action A [--organization O]}: the Test button. */
final class TestCommand implements Command {

  @Override
  public int execute(Options options, Console console) {
    ConfigurationFile loaded = Engines.load(options.path("config"), console.environment(), console);
    Configuration config = loaded.configuration();
    String organization = options.find("organization").orElseGet(() -> onlyOrganization(config));
    String connector = options.get("connector");
    String action = options.get("action");
    check(config, organization, connector, action);
    try (CorePlaybookEngine engine = Engines.start(loaded, null, null)) {
      InvocationResult r = engine.test(organization, connector, action).toCompletableFuture().join();
      print(console, r);
      return r.status().succeeded() ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  /** Prints a Test button result: status line, then message, error, output. */
  static void print(Console console, InvocationResult r) {
    console.out("Test of \"" + r.invocation().action() + "\" on \"" + r.invocation().connector() + "\" ("
        + r.invocation().organization() + ", script " + r.invocation().script() + " on " + r.invocation().runner()
        + "): " + r.status() + " in " + Text.duration(r.duration()));
    if (!r.message().isBlank()) {
      console.out("  message: " + r.message());
    }
    r.error().ifPresent(e -> {
      console.out("  error:   " + e.summary());
      e.traceback().lines().forEach(l -> console.out("           " + l));
    });
    if (!r.output().isBlank()) {
      console.out("  output:");
      r.output().lines().forEach(l -> console.out("    " + l));
      if (r.outputTruncated()) {
        console.out("    (output cut at the cap)");
      }
    }
  }

  static String onlyOrganization(Configuration config) {
    List<String> names = config.organizations().stream().map(Organization::name).toList();
    if (names.size() != 1) {
      throw new IllegalArgumentException("the configuration has " + names.size() + " organizations " + names
          + "; name one with --organization");
    }
    return names.get(0);
  }

  static void check(Configuration config, String organization, String connector, String action) {
    List<String> orgs = config.organizations().stream().map(Organization::name).toList();
    if (!orgs.contains(organization)) {
      throw new IllegalArgumentException("no organization \"" + organization + "\"" + Suggest.hint(organization, orgs)
          + " Known: " + orgs);
    }
    List<Connector> connectors = config.connectors().stream().filter(c -> c.organization().equals(organization))
        .toList();
    List<String> names = connectors.stream().map(Connector::name).toList();
    Connector c = connectors.stream().filter(x -> x.name().equals(connector)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no connector \"" + connector + "\" in organization \"" + organization + "\""
            + Suggest.hint(connector, names) + " Known: " + names));
    List<String> bound = c.bindings().stream().map(b -> b.action()).toList();
    if (!bound.contains(action)) {
      throw new IllegalArgumentException("connector \"" + connector + "\" does not perform \"" + action + "\""
          + Suggest.hint(action, bound) + " It performs: " + bound);
    }
  }
}
