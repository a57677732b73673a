package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Organization;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.spi.ExecutionJournal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code history --journal J --event ID [--organization O] [--config F]}: one event's
 * classification details from a journal. An event is its organization and id: without
 * {@code --organization}, the organizations of {@code --config} are looked in, and exactly one of
 * them must have the event. Writes nothing: no engine is started on the journal, so a run a
 * stopped host left open is shown as started, not recorded as interrupted. The journal is opened
 * read-only, so a {@code run} in progress in another process may hold it meanwhile.
 */
final class HistoryCommand implements Command {

  @Override
  public int execute(Options options, Console console) {
    String spec = options.get("journal");
    String id = options.get("event");
    List<String> organizations = organizations(options, console);
    ExecutionJournal journal;
    try {
      journal = Journals.openForReading(spec);
    } catch (IllegalArgumentException e) {
      console.error(e.getMessage());
      return ExitCode.FAILED;
    }
    try {
      Journals.warnings(journal).forEach(d -> console.error("warning: " + d));
      List<EventKey> found = new ArrayList<>(1);
      List<HistoryEntry> entries = List.of();
      for (String organization : organizations) {
        EventKey key = new EventKey(organization, id);
        List<HistoryEntry> h = journal.history(key);
        if (!h.isEmpty()) {
          found.add(key);
          entries = h;
        }
      }
      if (found.isEmpty()) {
        console.error("no event \"" + id + "\" of " + (organizations.size() == 1 ? "organization \""
            + organizations.get(0) + "\"" : "organizations " + organizations) + " in journal "
            + Journals.describe(journal, spec)
            + " (never seen, or older than its retention)");
        return ExitCode.FAILED;
      }
      if (found.size() > 1) {
        console.error("event id \"" + id + "\" names an event in each of the organizations "
            + found.stream().map(EventKey::organization).toList() + "; name one with --organization");
        return ExitCode.FAILED;
      }
      if (RunDetails.wanted(options)) {
        return RunDetails.print(options, id, entries, console);
      }
      DetailsTable.render(ClassificationDetails.fromJournal(found.get(0), entries)).forEach(console::out);
      return ExitCode.OK;
    } finally {
      journal.close();
    }
  }

  private static List<String> organizations(Options options, Console console) {
    if (options.find("organization").isPresent()) {
      return List.of(options.get("organization"));
    }
    if (options.find("config").isEmpty()) {
      throw new UsageException("history: an event is its organization and id: give --organization O, or --config F"
          + " to look in each of its organizations");
    }
    ConfigurationFile loaded = Engines.load(options.path("config"), console.environment(), console);
    return loaded.configuration().organizations().stream().map(Organization::name).toList();
  }
}
