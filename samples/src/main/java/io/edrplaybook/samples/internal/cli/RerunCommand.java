package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.ExecutionJournal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code rerun --config F --journal J --event ID --action A --connector C [--organization O]
 * [--events F]}: the operator's re-run of a run that did not succeed (its last attempt FAILED,
 * TIMED_OUT, INTERRUPTED, REJECTED or CANCELLED), recorded in the journal as the run's next
 * attempt, for the event's current classification. With {@code --events}, the script sees the
 * event as the last line of that file with this organization and id (device, details); without,
 * as the journal knows it (id, organization, classification).
 */
final class RerunCommand implements Command {

  @Override
  public int execute(Options options, Console console) {
    ConfigurationFile loaded = Engines.load(options.path("config"), console.environment(), console);
    String organization = options.find("organization")
        .orElseGet(() -> TestCommand.onlyOrganization(loaded.configuration()));
    String id = options.get("event");
    String action = options.get("action");
    String connector = options.get("connector");
    TestCommand.check(loaded.configuration(), organization, connector, action);
    Optional<SecurityEvent> event = options.find("events").map(f -> find(Path.of(f), organization, id));
    ExecutionJournal journal = Journals.openExisting(options.get("journal"));
    try {
      Journals.warnings(journal).forEach(d -> console.error("warning: " + d));
      try (CorePlaybookEngine engine = Engines.start(loaded, journal, null)) {
        InvocationResult r;
        try {
          r = (event.isPresent() ? engine.rerun(event.get(), action, connector)
              : engine.rerun(organization, id, action, connector)).toCompletableFuture().join();
        } catch (IllegalStateException e) {
          console.error("not re-run: " + e.getMessage());
          return ExitCode.FAILED;
        }
        console.out("Re-run of \"" + action + "\" on \"" + connector + "\" for event " + id + " ("
            + organization + ", " + r.invocation().classification() + "), attempt " + r.invocation().attempt() + ": "
            + r.status() + " in " + Text.duration(r.duration()));
        String message = Outcomes.message(r);
        if (!message.isBlank()) {
          console.out("  message: " + Text.oneLine(message, 200));
        }
        return r.status().succeeded() ? ExitCode.OK : ExitCode.FAILED;
      }
    } finally {
      journal.close();
    }
  }

  private static SecurityEvent find(Path file, String organization, String id) {
    SecurityEvent found = null;
    try (EventsFile.Reader in = EventsFile.open(file)) {
      for (EventsFile.Entry e = in.next(); e != null; e = in.next()) {
        if (e.event() != null && e.event().id().equals(id) && e.event().organization().equals(organization)) {
          found = e.event();
        }
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("events file " + file + " has no line for event \"" + id
          + "\" of organization \"" + organization + "\"");
    }
    return found;
  }
}
