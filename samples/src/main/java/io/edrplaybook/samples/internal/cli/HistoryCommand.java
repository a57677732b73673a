package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code history --journal F --event ID}: one event's classification details from a journal file.
 * Reads only: no engine is started on the journal, so a run still in flight in another process
 * is shown as started, not recorded as interrupted.
 */
final class HistoryCommand implements Command {

  @Override
  public int execute(Options options, Console console) {
    Path path = options.path("journal");
    String id = options.get("event");
    if (!Files.isRegularFile(path)) {
      console.error("journal file " + path + " was not found, looked for " + path.toAbsolutePath().normalize());
      return ExitCode.FAILED;
    }
    try (FileJournal journal = FileJournal.open(path)) {
      journal.damagedLines().forEach(d -> console.error("warning: " + d));
      List<HistoryEntry> entries = journal.history(id);
      if (entries.isEmpty()) {
        List<String> known = journal.eventIds();
        console.error("no event \"" + id + "\" in journal " + path + Suggest.hint(id, known) + " It holds "
            + known.size() + " event" + (known.size() == 1 ? "" : "s")
            + (known.isEmpty() ? "." : ": " + String.join(", ", known.subList(0, Math.min(20, known.size())))
            + (known.size() > 20 ? ", ..." : "")));
        return ExitCode.FAILED;
      }
      DetailsTable.render(ClassificationDetails.fromJournal(entries.get(0).eventKey(), entries)).forEach(console::out);
      return ExitCode.OK;
    }
  }
}
