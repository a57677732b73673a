package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.CorePlaybookEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code validate --config F [--imports]}: loads the configuration (every problem of the file at
 * once), then compiles every script with its runner (every refused script at once); with
 * {@code --imports}, then runs every script's module-level code in its runner (every failure at once).
 */
final class ValidateCommand implements Command {

  @Override
  public int execute(Options options, Console console) {
    Path file = options.path("config");
    ConfigurationFile loaded;
    try {
      loaded = Engines.load(file, console.environment(), console);
    } catch (ConfigurationException e) {
      Cli.problems(console, e);
      return ExitCode.FAILED;
    }
    try (CorePlaybookEngine engine = Engines.start(loaded, null, null)) {
      Configuration c = engine.configuration();
      long scripts = c.actions().stream().mapToLong(a -> a.scripts().size()).sum();
      if (options.flag("imports")) {
        String label = String.valueOf(file.getFileName());
        List<ConfigurationProblem> failed = engine.checkImports().stream()
            .map(p -> new ConfigurationProblem(label + ": " + p.path(), p.message(), p.script())).toList();
        if (!failed.isEmpty()) {
          Cli.problems(console, new ConfigurationException(failed));
          return ExitCode.FAILED;
        }
      }
      console.out(file + ": valid. " + count(c.organizations().size(), "organization") + ", "
          + count(c.jumpBoxes().size(), "JumpBox") + ", " + count(c.actions().size(), "action") + " ("
          + count((int) scripts, "script") + " compiled), " + count(c.connectors().size(), "connector") + ", "
          + count(c.playbooks().size(), "playbook") + "; default runner " + engine.defaultRunner()
          + (options.flag("imports") ? "; every script's imports checked." : "."));
      return ExitCode.OK;
    } catch (ConfigurationException e) {
      Cli.problems(console, e);
      return ExitCode.FAILED;
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
