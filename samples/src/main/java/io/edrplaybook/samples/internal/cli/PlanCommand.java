package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.InvalidEventException;
import io.edrplaybook.api.Plan;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.api.SkippedRow;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.CorePlaybookEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code plan --config F --events F}: the dry run of each event, which playbook applies and why,
 * which action would run on which connector and why, and which rows their condition removed and why.
 * Executes and records nothing.
 */
final class PlanCommand implements Command {

  @Override
  public int execute(Options options, Console console) {
    ConfigurationFile loaded = Engines.load(options.path("config"), console.environment(), console);
    EventsFile.Contents events = EventsFile.read(options.path("events"));
    List<String> problems = new ArrayList<>(events.problems());
    try (CorePlaybookEngine engine = Engines.start(loaded, null, null)) {
      for (EventsFile.Line line : events.events()) {
        try {
          print(console, line, engine.plan(line.event()));
        } catch (InvalidEventException e) {
          problems.add(options.path("events").getFileName() + ", line " + line.line() + ": " + e.getMessage());
        }
      }
    }
    problems.forEach(p -> console.error(p));
    int planned = events.events().size() - (problems.size() - events.problems().size());
    console.out(planned + " event" + (planned == 1 ? "" : "s") + " planned, nothing executed"
        + (problems.isEmpty() ? "." : "; " + problems.size() + " line" + (problems.size() == 1 ? "" : "s")
        + " could not be planned (see above)."));
    return problems.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
  }

  static void print(Console console, EventsFile.Line line, Plan plan) {
    SecurityEvent e = line.event();
    console.out("Event " + e.id() + " (line " + line.line() + "): " + e.classification().name() + " on "
        + e.device().name() + (e.device().collectorGroup().isEmpty() ? "" : " in collector group \""
        + e.device().collectorGroup() + "\"") + ", organization " + e.organization());
    console.out("  playbook: " + plan.playbook().map(p -> "\"" + p + "\"").orElse("none") + " - " + plan.reason());
    if (plan.invocations().isEmpty() && plan.skipped().isEmpty()) {
      console.out("  nothing would run: no row of the playbook is checked for " + e.classification().name());
    }
    for (PlannedInvocation p : plan.invocations()) {
      console.out("  " + (p.willRun() ? "would run " : "would skip") + "  " + p.section() + " | " + p.action()
          + " on " + p.connector() + " | script " + p.script() + " (" + p.runner() + ", JumpBox " + p.jumpBox()
          + ") | " + p.reason());
    }
    for (SkippedRow r : plan.skipped()) {
      console.out("  removed     " + r.section() + " | " + r.action() + " on " + String.join(", ", r.connectors())
          + " | " + r.reason());
    }
    console.out();
  }
}
