package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.ExecutionJournal;
import java.util.List;

/**
 * {@code approve} and {@code deny --config F --journal J --event ID --action A --connector C
 * [--organization O] [--by NAME] [--comment TEXT]}: decides the run of the action on the
 * connector for the event that awaits approval in the journal, as {@code --by} (default: the
 * user's name). An approval runs it with the configuration's runners, once (another engine or
 * command deciding it at the same time finds it decided).
 */
final class DecideCommand implements Command {
  private final boolean approve;

  private DecideCommand(boolean approve) {
    this.approve = approve;
  }

  static DecideCommand approve() {
    return new DecideCommand(true);
  }

  static DecideCommand deny() {
    return new DecideCommand(false);
  }

  @Override
  public int execute(Options options, Console console) {
    ConfigurationFile loaded = Engines.load(options.path("config"), console.environment(), console);
    String organization = options.find("organization")
        .orElseGet(() -> TestCommand.onlyOrganization(loaded.configuration()));
    String id = options.get("event");
    String action = options.get("action");
    String connector = options.get("connector");
    String by = options.find("by").orElse(System.getProperty("user.name", "operator"));
    String comment = options.find("comment").orElse("");
    ExecutionJournal journal = Journals.openExisting(options.get("journal"));
    try {
      Journals.warnings(journal).forEach(d -> console.error("warning: " + d));
      List<AwaitingApproval> matching = journal.pending(organization).stream()
          .filter(a -> a.eventId().equals(id) && a.invocation().action().equals(action)
              && a.invocation().connector().equals(connector)).toList();
      if (matching.isEmpty()) {
        console.error("no run of \"" + action + "\" on \"" + connector + "\" for event " + id + " of organization \""
            + organization + "\" awaits approval in journal " + Journals.describe(journal, options.get("journal"))
            + "; `pending` lists those that do");
        return ExitCode.FAILED;
      }
      AwaitingApproval a = matching.get(0);
      try (CorePlaybookEngine engine = Engines.start(loaded, journal, null)) {
        InvocationResult r;
        try {
          r = approve ? engine.approve(a.runKey(), by, comment).toCompletableFuture().join()
              : engine.deny(a.runKey(), by, comment);
        } catch (IllegalStateException e) {
          console.error("not " + (approve ? "approved" : "denied") + ": " + e.getMessage());
          return ExitCode.FAILED;
        }
        console.out((approve ? "Approved" : "Denied") + " by " + by + ": \"" + action + "\" on \"" + connector
            + "\" for event " + id + " (" + organization + ", " + a.invocation().classification() + "): "
            + r.status() + (approve ? " in " + Text.duration(r.duration()) : ""));
        String message = Outcomes.message(r);
        if (!message.isBlank()) {
          console.out("  message: " + Text.oneLine(message, 200));
        }
        return !approve || r.status().succeeded() ? ExitCode.OK : ExitCode.FAILED;
      }
    } finally {
      journal.close();
    }
  }
}
