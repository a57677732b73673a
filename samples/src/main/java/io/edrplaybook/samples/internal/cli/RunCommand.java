package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvalidEventException;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.core.JournalSettings;
import io.edrplaybook.spi.ExecutionJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code run --config F --events F [--journal J] [--details]}: streams the events file, line by
 * line, into an engine. Each line is classified and its runs claimed in file order (a later line
 * with the same id is a reclassification); the runs of up to {@value #IN_FLIGHT} lines are in
 * flight at once. Nothing is kept per event: a file of any length runs in a small heap. The runs
 * and classification details of the first {@value #SMALL} events are shown (of every event with
 * {@code --details}, each after its runs ended, one line at a time); past that a count every
 * {@value #EVERY} lines. Lines that cannot be read are reported with their number; the rest are
 * processed. Exit 1 when a line was not processed or a run did not succeed (a run retried counts
 * by its last attempt).
 */
final class RunCommand implements Command {
  /** A file with at most this many events is small: its details are printed at the end. */
  static final int SMALL = 20;
  static final int IN_FLIGHT = 256;
  static final int EVERY = 10_000;
  /** Events the in-memory journal keeps when no {@code --journal} is given. */
  static final int IN_MEMORY_EVENTS = 10_000;

  @Override
  public int execute(Options options, Console console) {
    ConfigurationFile loaded = Engines.load(options.path("config"), console.environment(), console);
    Path eventsPath = options.path("events");
    boolean details = options.flag("details");
    Tally tally = new Tally();
    try (EventsFile.Reader in = EventsFile.open(eventsPath)) {
      // --journal, else the configuration file's journal section, else in memory
      String spec = options.find("journal").orElse(null);
      Optional<JournalSettings> section = spec == null ? loaded.journal() : Optional.empty();
      ExecutionJournal journal = section.isPresent() ? Journals.open(section.get())
          : spec == null ? InMemoryJournal.bounded(IN_MEMORY_EVENTS, null) : Journals.open(spec);
      if (section.isPresent()) {
        spec = Journals.spec(section.get());
      }
      try {
        Journals.warnings(journal).forEach(d -> console.error("warning: " + d));
        Progress progress = new Progress(console, details ? Integer.MAX_VALUE : SMALL);
        Set<EventKey> first = new LinkedHashSet<>();
        try (CorePlaybookEngine engine = Engines.start(loaded, journal, progress)) {
          RunSummary numbers = new RunSummary();
          engine.addListener(numbers);
          console.out("Submitting the events of " + eventsPath
              + (spec == null ? "" : ", journal " + Journals.describe(journal, spec)));
          Semaphore window = new Semaphore(details ? 1 : IN_FLIGHT);
          for (EventsFile.Entry e = in.next(); e != null; e = in.next()) {
            if (e.problem() != null) {
              tally.problem(console, e.problem());
              continue;
            }
            SecurityEvent event = e.event();
            EventKey key = EventKey.of(event);
            boolean shown = details || progress.shows(key);
            if (first.size() <= SMALL && !first.contains(key)) {
              first.add(key);
            }
            window.acquireUninterruptibly();
            CompletableFuture<EventOutcome> f;
            try {
              f = engine.submit(event).toCompletableFuture();
            } catch (InvalidEventException x) {
              window.release();
              tally.problem(console, eventsPath.getFileName() + ", line " + e.line() + ": " + x.getMessage());
              continue;
            } catch (JournalException x) {
              window.release();
              tally.problem(console, eventsPath.getFileName() + ", line " + e.line() + ": not submitted: "
                  + x.getMessage());
              console.error("stopped at line " + e.line() + ": the journal failed; the lines after it were not read");
              break;
            }
            tally.submitted();
            f.whenComplete((o, x) -> {
              tally.add(console, o, x, shown);
              window.release();
            });
            if (details) {
              f.join();
              engine.awaitListeners(Duration.ofSeconds(30));
              DetailsTable.render(engine.history(key.organization(), key.eventId())).forEach(console::out);
              console.out();
            } else if (tally.submissions() % EVERY == 0) {
              console.out("  ... " + tally.submissions() + " lines submitted");
            }
          }
          window.acquireUninterruptibly(details ? 1 : IN_FLIGHT);
          engine.awaitListeners(Duration.ofSeconds(30));
          console.out();
          if (!details && first.size() <= SMALL) {
            for (EventKey k : first) {
              DetailsTable.render(engine.history(k.organization(), k.eventId())).forEach(console::out);
              console.out();
            }
          } else if (!details) {
            console.out("More than " + SMALL + " events: the runs and classification details of the first " + SMALL
                + " are shown above; run with --details for every event's, or `history` for one.");
          }
          console.out(numbers.line(engine.health()));
        }
      } finally {
        journal.close();
      }
    }
    console.out(tally.summary());
    return tally.ok() ? ExitCode.OK : ExitCode.FAILED;
  }

  /** What the run did, counted as submissions end (from several threads). */
  private static final class Tally {
    private final AtomicInteger submissions = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger problems = new AtomicInteger();

    void submitted() {
      submissions.incrementAndGet();
    }

    int submissions() {
      return submissions.get();
    }

    void problem(Console console, String problem) {
      problems.incrementAndGet();
      console.error(problem);
    }

    void add(Console console, EventOutcome outcome, Throwable error, boolean shown) {
      if (error != null) {
        problems.incrementAndGet();
        console.error("a submission failed: " + error);
        return;
      }
      runs.addAndGet(Outcomes.runs(outcome));
      failed.addAndGet(Outcomes.failed(outcome));
      for (PlannedInvocation p : outcome.skipped()) {
        skipped.incrementAndGet();
        if (shown) {
          console.out("  " + outcome.eventId() + " " + p.action() + " on " + p.connector() + ": not run again, "
              + p.reason());
        }
      }
    }

    boolean ok() {
      return problems.get() == 0 && failed.get() == 0;
    }

    String summary() {
      int s = submissions.get();
      int r = runs.get();
      int p = problems.get();
      return s + " line" + (s == 1 ? "" : "s") + " submitted, " + r + " run" + (r == 1 ? "" : "s") + " ("
          + failed.get() + " did not succeed)"
          + (skipped.get() > 0 ? ", " + skipped.get() + " not run again" : "")
          + (p == 0 ? "" : ", " + p + " line" + (p == 1 ? "" : "s") + " not processed");
    }
  }
}
