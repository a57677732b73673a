package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvalidEventException;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code run --config F --events F [--journal F]}: submits each event in file order, waiting for
 * one submission's runs to end before the next (so a later line with the same id is a
 * reclassification), then prints each event's classification details. Lines that cannot be read
 * are reported with their number; the rest are processed. Exit 1 when a line was not processed
 * or a run did not succeed (a run retried counts by its last attempt).
 */
final class RunCommand implements Command {

  @Override
  public int execute(Options options, Console console) {
    ConfigurationFile loaded = Engines.load(options.path("config"), console.environment(), console);
    Path eventsPath = options.path("events");
    EventsFile.Contents events = EventsFile.read(eventsPath);
    List<String> problems = new ArrayList<>(events.problems());
    problems.forEach(console::error);
    FileJournal journal = options.find("journal").map(j -> FileJournal.open(Path.of(j))).orElse(null);
    if (journal != null) {
      journal.damagedLines().forEach(d -> console.error("warning: " + d));
    }
    Progress progress = new Progress(console);
    Set<String> ids = new LinkedHashSet<>();
    int skipped = 0;
    int runs = 0;
    int failed = 0;
    try (CorePlaybookEngine engine = Engines.start(loaded, journal, progress)) {
      console.out("Submitting " + events.events().size() + " event" + (events.events().size() == 1 ? "" : "s")
          + " from " + eventsPath + (journal == null ? "" : ", journal " + journal.path()));
      for (EventsFile.Line line : events.events()) {
        try {
          EventOutcome outcome = engine.submit(line.event()).toCompletableFuture().join();
          ids.add(line.event().id());
          runs += Outcomes.runs(outcome);
          failed += Outcomes.failed(outcome);
          for (PlannedInvocation p : outcome.skipped()) {
            skipped++;
            console.out("  " + line.event().id() + " " + p.action() + " on " + p.connector() + ": not run again, "
                + p.reason());
          }
        } catch (InvalidEventException e) {
          String problem = eventsPath.getFileName() + ", line " + line.line() + ": " + e.getMessage();
          problems.add(problem);
          console.error(problem);
        }
      }
      console.out();
      for (String id : ids) {
        DetailsTable.render(engine.history(id)).forEach(console::out);
        console.out();
      }
    } finally {
      if (journal != null) {
        journal.close();
      }
    }
    console.out(ids.size() + " event" + (ids.size() == 1 ? "" : "s") + ", " + runs + " run"
        + (runs == 1 ? "" : "s") + " (" + failed + " did not succeed)"
        + (skipped > 0 ? ", " + skipped + " not run again" : "")
        + (problems.isEmpty() ? "" : ", " + problems.size() + " line" + (problems.size() == 1 ? "" : "s")
        + " not processed"));
    return problems.isEmpty() && failed == 0 ? ExitCode.OK : ExitCode.FAILED;
  }
}
