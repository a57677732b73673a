package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.samples.internal.mock.MockService;
import io.edrplaybook.samples.internal.mock.MockThirdParty;
import io.edrplaybook.samples.internal.mock.ReceivedRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code demo}: the sample configuration against a local mock of the third-party services, the
 * sample events (one reclassified), the Test button, what the mock received, and each event's
 * classification details.
 */
final class DemoCommand implements Command {

  @Override
  public int execute(Options options, Console console) {
    try (DemoFiles files = DemoFiles.locate()) {
      ConfigurationFile sample = Engines.load(files.config(), DemoSetup.environment(files.secrets()), console);
      EventsFile.Contents events = EventsFile.read(files.events());
      events.problems().forEach(console::error);
      try (MockThirdParty mock = DemoSetup.mock(sample.configuration()).start()) {
        ConfigurationFile pointed = DemoSetup.pointedAt(sample, mock.port());
        return demo(console, pointed, events, mock) && events.problems().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
      }
    }
  }

  private static boolean demo(Console console, ConfigurationFile file, EventsFile.Contents events,
      MockThirdParty mock) {
    Configuration c = file.configuration();
    console.out("edr-playbook demo");
    console.out("Mock Slack, Teams, firewall, NAC, ticketing and blocklist services on " + mock.baseUrl()
        + " (they check the credentials they are sent).");
    console.out("Sample configuration: " + c.connectors().size() + " connectors "
        + c.connectors().stream().map(Connector::name).toList() + ", " + c.actions().size() + " actions, "
        + c.playbooks().size() + " playbooks, pointed at the mock.");
    Progress progress = new Progress(console);
    Set<String> ids = new LinkedHashSet<>();
    boolean ok;
    String summary;
    long reclassified = events.events().size();
    try (CorePlaybookEngine engine = Engines.start(file, null, progress)) {
      RunSummary numbers = new RunSummary();
      engine.addListener(numbers);
      console.out();
      console.out("1. Submitting " + events.events().size() + " events; each run is shown as it ends:");
      int runs = 0;
      int failed = 0;
      List<String> removed = new ArrayList<>();
      for (EventsFile.Line line : events.events()) {
        EventOutcome outcome = engine.submit(line.event()).toCompletableFuture().join();
        ids.add(line.event().id());
        runs += Outcomes.runs(outcome);
        failed += Outcomes.failed(outcome);
        // rows a condition removed are not run and not recorded: the dry run says which and why
        engine.plan(line.event()).skipped().forEach(s -> removed.add("  " + line.event().id() + " "
            + line.event().classification().name() + ": " + s.reason()));
      }
      engine.awaitListeners(java.time.Duration.ofSeconds(30)); // every run's line before the next step
      console.out();
      List<InvocationResult> approved = approveEach(console, engine, c);
      runs += approved.size();
      failed += (int) approved.stream().filter(r -> !r.status().succeeded()).count();
      engine.awaitListeners(java.time.Duration.ofSeconds(30));
      console.out();
      List<InvocationResult> undone = undoByReclassification(console, engine, events, approved);
      reclassified += approved.isEmpty() ? 0 : 1; // the undo step's reclassification
      runs += undone.size();
      failed += (int) undone.stream().filter(r -> !r.status().succeeded()).count();
      ok = failed == 0;
      summary = runs + " runs, " + failed + " did not succeed";
      engine.awaitListeners(java.time.Duration.ofSeconds(30)); // every run's line before the next step
      if (!removed.isEmpty()) {
        console.out("   Not run, removed by a row's condition (data in the configuration, checked at load):");
        removed.forEach(console::out);
      }
      console.out();
      Connector tested = testedConnector(c);
      String action = tested.bindings().get(0).action();
      console.out("4. The Test button on \"" + tested.name() + "\" (" + action + "):");
      InvocationResult test = engine.test(tested.organization(), tested.name(), action).toCompletableFuture().join();
      TestCommand.print(console, test);
      ok &= test.status().succeeded();
      ok &= testWithoutTestFunction(console, engine, c, mock);
      console.out();
      List<ReceivedRequest> received = mock.requests();
      console.out("5. What the mock services received (" + received.size() + " requests):");
      MockReport.lines(received).forEach(console::out);
      ok &= received.stream().allMatch(ReceivedRequest::authorized);
      console.out();
      console.out("6. Each event's classification details (who approved what and when, what was undone):");
      console.out();
      for (String id : ids) {
        DetailsTable.render(engine.history(id)).forEach(console::out);
        console.out();
      }
      console.out(numbers.line(engine.health()));
    }
    reclassified -= ids.size();
    console.out("Demo " + (ok ? "done" : "FAILED") + ": " + ids.size() + " events (" + reclassified
        + " reclassification" + (reclassified == 1 ? "" : "s") + "), " + summary + "; the Test button and " + mock.requests().size()
        + " requests to the mock" + (ok ? "." : " - see above."));
    return ok;
  }

  /**
   * The approval step: lists the runs the playbook recorded awaiting approval (the firewall block),
   * then approves each as {@code demo-analyst}; each run is shown as it ends.
   *
   * @return the approved runs' terminal records
   */
  private static List<InvocationResult> approveEach(Console console, CorePlaybookEngine engine, Configuration c) {
    List<io.edrplaybook.api.AwaitingApproval> pending = new java.util.ArrayList<>();
    c.organizations().forEach(o -> pending.addAll(engine.pending(o.name())));
    console.out("2. Runs awaiting approval (the playbook requires it before a block):");
    PendingCommand.lines(pending).forEach(l -> console.out("   " + l));
    List<InvocationResult> out = new java.util.ArrayList<>();
    if (!pending.isEmpty()) {
      console.out("   Approving each as demo-analyst:");
    }
    for (io.edrplaybook.api.AwaitingApproval a : pending) {
      out.add(engine.approve(a.runKey(), "demo-analyst", "confirmed with the device's owner")
          .toCompletableFuture().join());
    }
    return out;
  }

  /**
   * The undo step: the analyst finds the event whose block was approved Likely Safe; its
   * reclassification undoes the block (the row's {@code undo.onReclassifiedTo}), once per connector.
   *
   * @return the undo runs' terminal records
   */
  private static List<InvocationResult> undoByReclassification(Console console, CorePlaybookEngine engine,
      EventsFile.Contents events, List<InvocationResult> approved) {
    if (approved.isEmpty()) {
      return List.of();
    }
    String id = approved.get(0).invocation().eventId();
    io.edrplaybook.api.SecurityEvent first = events.events().stream().map(EventsFile.Line::event)
        .filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    console.out("3. The analyst finds " + id + " Likely Safe: its reclassification undoes the approved block"
        + " (the row's undo):");
    io.edrplaybook.api.SecurityEvent safe = io.edrplaybook.api.SecurityEvent.builder().id(first.id())
        .organization(first.organization()).device(first.device()).time(first.time()).details(first.details())
        .classification(io.edrplaybook.api.Classification.LIKELY_SAFE).build();
    EventOutcome outcome = engine.submit(safe).toCompletableFuture().join();
    return outcome.results().stream()
        .filter(r -> io.edrplaybook.api.UndoScheduled.isUndoAction(r.invocation().action())).toList();
  }

  /**
   * Presses Test on the connector of the ported framework script (no {@code test(ctx)}), when the
   * configuration has one: the default mode checks the port and must not reach the mock.
   */
  private static boolean testWithoutTestFunction(Console console, CorePlaybookEngine engine, Configuration c,
      MockThirdParty mock) {
    Connector ported = c.connectors().stream()
        .filter(x -> DemoSetup.service(c, x).orElse(null) == MockService.BLOCKLIST).findFirst().orElse(null);
    if (ported == null) {
      return true;
    }
    String action = ported.bindings().get(0).action();
    console.out("   The Test button on \"" + ported.name() + "\" (" + action + "), a script ported from a"
        + " framework, without test(ctx):");
    int before = mock.requests(MockService.BLOCKLIST).size();
    InvocationResult test = engine.test(ported.organization(), ported.name(), action).toCompletableFuture().join();
    TestCommand.print(console, test);
    int sent = mock.requests(MockService.BLOCKLIST).size() - before;
    console.out(sent == 0 ? "  the mock's " + MockService.BLOCKLIST.label() + " received no request from this Test press"
        : "  FAILED: the mock's " + MockService.BLOCKLIST.label() + " received " + sent
            + " request(s) from this Test press");
    return test.status().succeeded() && sent == 0;
  }

  /** The firewall connector when there is one (its Test button only reads), else the first. */
  private static Connector testedConnector(Configuration c) {
    return c.connectors().stream()
        .filter(x -> !x.bindings().isEmpty())
        .min(Comparator.comparing((Connector x) -> DemoSetup.service(c, x).orElse(null) != MockService.FIREWALL))
        .orElseThrow(() -> new IllegalStateException("the sample configuration has no connector bound to an action"));
  }
}
