package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.samples.internal.cli.CommandSpec.Option;
import java.util.List;
import java.util.Optional;

/** Every command, with its help. */
final class Commands {

  private static final Option CONFIG = new Option("config", "FILE", true,
      "the configuration, JSON or YAML");
  private static final Option EVENTS = new Option("events", "FILE", true,
      "security events, one JSON object a line");

  private static final String EVENT_LINE = "An events line: {\"id\": \"ev-1\", \"organization\": \"acme\", "
      + "\"classification\": \"MALICIOUS\", \"time\": \"2026-01-01T00:00:00Z\", \"device\": {\"name\": \"LAPTOP-7\", "
      + "\"collectorGroup\": \"Finance\", \"address\": \"10.1.2.3\", \"os\": \"Windows 11\"}, \"details\": {...}}";

  static final List<CommandSpec> ALL = List.of(
      new CommandSpec("demo", "run the self-contained demo against a local mock of Slack, Teams, firewall, NAC",
          List.of("Starts a mock of the third-party services on a free port of 127.0.0.1, loads the sample",
              "configuration pointed at it, submits a few events (one reclassified), shows each run as it",
              "ends, what the mock received, the Test button on one connector, and each event's",
              "classification details. Needs python3 on the PATH for the scripts run by the cpython runner."),
          List.of(), "0 when every run succeeded, 1 otherwise", DemoCommand::new),
      new CommandSpec("validate", "check a configuration and its scripts; list every problem",
          List.of("Loads the configuration, resolves its secret references, reads and compiles every script",
              "with its runner, and lists every problem found, one a line, each with its path. With",
              "--imports, then runs each script's module-level code (its imports, a file read beside",
              "__file__, ...) in its runner's interpreter, as a run starts, without calling run or test,",
              "and lists each script whose module level failed with the file and line where it did."),
          List.of(CONFIG, Option.flag("imports", "also import each script's modules in its interpreter"
              + " (runs module-level code, never run or test)")),
          "0 when the configuration is valid, 1 when it has a problem", ValidateCommand::new),
      new CommandSpec("plan", "dry run: which actions would run on which connectors, and why",
          List.of("For each event, shows the playbook that applies and why, and each action that would run",
              "on each connector, with the reason. Nothing is executed and nothing is recorded. Each line",
              "of the events file is planned on its own.", "", EVENT_LINE),
          List.of(CONFIG, EVENTS), "0 when every event was planned, 1 when a line could not be read or was refused",
          PlanCommand::new),
      new CommandSpec("run", "submit events, wait, show runs and classification details",
          List.of("Reads the events file line by line (a file of any length runs in a small heap) and submits",
              "each line in file order: its classification is recorded and its runs claimed before the next",
              "line (an id seen again with another classification is a reclassification); the runs of up to",
              RunCommand.IN_FLIGHT + " lines are in flight at once. The runs and classification details of the first "
                  + RunCommand.SMALL,
              "events are shown; past that a count every " + RunCommand.EVERY
                  + " lines (--details shows every event's details,",
              "each after its runs ended, one line at a time). A line that cannot be read is reported with its",
              "number and skipped; the other lines are still processed. With --journal, the history is kept",
              "in that journal (created when missing) and runs recorded there are not run again: running the",
              "same file again runs nothing twice. Without it, an in-memory journal keeps the last "
                  + RunCommand.IN_MEMORY_EVENTS + " events.",
              "", EVENT_LINE),
          List.of(CONFIG, EVENTS, new Option("journal", "PATH", false, "a durable journal (created when missing)"),
              Option.flag("details", "show every event's runs and classification details")),
          "0 when every line was read and every run succeeded, 1 otherwise", RunCommand::new),
      new CommandSpec("test", "the Test button: run one action's test on one connector",
          List.of("Runs the action's script's test(ctx) on the connector now, outside any playbook, with",
              "ctx[\"test\"] true and a synthetic event (device 192.0.2.10). A script without test(ctx) is",
              "not run: the connector's host and port are checked instead (a TCP connection; a TLS",
              "handshake when the binding's scheme is https, or without one on port 443 or 8443). With",
              "--run-script, such a script's run(ctx) is called: it performs the real action. Shows",
              "status, duration, message, output."),
          List.of(CONFIG, new Option("connector", "NAME", true, "the connector"),
              new Option("action", "NAME", true, "the action"),
              new Option("organization", "NAME", false, "the organization; needed when there are several"),
              Option.flag("run-script", "call run(ctx) when the script has no test(ctx): performs the real action")),
          "0 when the test succeeded, 1 otherwise", TestCommand::new),
      new CommandSpec("history", "print one event's classification details from a journal",
          List.of("Reads the journal written by `run --journal` (read only) and prints the event's",
              "classification details. An event is its organization and id: give --organization, or",
              "--config to look in each organization of that configuration (exactly one must have the",
              "event; with one organization that is always so). With --details, every run of the event",
              "(each attempt) in full, nothing cut; with --run ID, that run only."),
          List.of(new Option("journal", "PATH", true, "the journal"),
              new Option("event", "ID", true, "the event's id"),
              new Option("organization", "NAME", false, "the event's organization"),
              new Option("config", "FILE", false, "a configuration whose organizations are looked in"),
              Option.flag("details", "print every run in full: status, times, attempt, message, error,"
                  + " traceback, output, result"),
              new Option("run", "ID", false, "print only the run with this id, in full (the ids --details shows)")),
          "0 when the event (and run) was found, 1 otherwise", HistoryCommand::new),
      new CommandSpec("rerun", "re-run a run that did not succeed, as its next attempt",
          List.of("The operator's re-run of the run of --action on --connector for the event's current",
              "classification, allowed when its last attempt ended FAILED, TIMED_OUT, INTERRUPTED, REJECTED or",
              "CANCELLED (a succeeded or running run is refused). Recorded in the journal as the same run's",
              "next attempt. The script sees the event as the journal knows it (id, organization,",
              "classification); with --events, as the last line of that file with this organization and id."),
          List.of(CONFIG, new Option("journal", "PATH", true, "the journal the run is recorded in"),
              new Option("event", "ID", true, "the event's id"),
              new Option("action", "NAME", true, "the action"),
              new Option("connector", "NAME", true, "the connector"),
              new Option("organization", "NAME", false, "the organization; needed when there are several"),
              new Option("events", "FILE", false, "an events file holding the event, for its device and details")),
          "0 when the re-run succeeded, 1 otherwise", RerunCommand::new),
      new CommandSpec("pending", "list the runs awaiting approval in a journal",
          List.of("Reads the journal (read only, like `history`) and lists the runs awaiting approval, oldest",
              "request first: event, classification, action, connector, when the approval window ends and",
              "what happens then (deny: the run ends EXPIRED; run: it runs). Give --organization, or --config",
              "to look in each organization of that configuration."),
          List.of(new Option("journal", "PATH", true, "the journal (a directory, or a jdbc:postgresql: URL)"),
              new Option("organization", "NAME", false, "the organization"),
              new Option("config", "FILE", false, "a configuration whose organizations are looked in")),
          "0 when the journal was read, 1 otherwise", PendingCommand::new),
      new CommandSpec("approve", "approve a run awaiting approval: it runs now, once",
          List.of("Approves the run of --action on --connector for the event, awaiting approval in the journal,",
              "as --by (default: your user name), and runs it with the configuration's runners. Recorded in the",
              "journal: who approved, when, the comment, then the run. Of several approving at once, one runs it."),
          decideOptions(), "0 when the approved run succeeded, 1 otherwise", DecideCommand::approve),
      new CommandSpec("deny", "deny a run awaiting approval: it ends DENIED without running",
          List.of("Denies the run of --action on --connector for the event, awaiting approval in the journal,",
              "as --by (default: your user name). Recorded in the journal: who denied it, when, the comment."),
          decideOptions(), "0 when the run was denied, 1 otherwise", DecideCommand::deny));

  private static List<Option> decideOptions() {
    return List.of(CONFIG, new Option("journal", "PATH", true, "the journal the run awaits approval in"),
        new Option("event", "ID", true, "the event's id"),
        new Option("action", "NAME", true, "the action"),
        new Option("connector", "NAME", true, "the connector"),
        new Option("organization", "NAME", false, "the organization; needed when there are several"),
        new Option("by", "NAME", false, "who decides (default: your user name)"),
        new Option("comment", "TEXT", false, "why"));
  }

  private Commands() {}

  static Optional<CommandSpec> find(String name) {
    return ALL.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  static List<String> names() {
    return ALL.stream().map(CommandSpec::name).toList();
  }
}
