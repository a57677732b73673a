package io.edrplaybook.samples.internal.cli;

import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Organization;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.spi.ExecutionJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code pending --journal J (--organization O | --config F)}: the runs awaiting approval, read
 * from a journal (read-only, like {@code history}), oldest request first: event, classification,
 * action, connector, when it was requested, when its window ends and what happens then.
 */
final class PendingCommand implements Command {
  private static final String[] HEADER = {"REQUESTED (UTC)", "ORGANIZATION", "EVENT", "CLASSIFICATION", "ACTION",
      "CONNECTOR", "EXPIRES", "ON EXPIRY"};

  @Override
  public int execute(Options options, Console console) {
    List<String> organizations = organizations(options, console, "pending");
    String spec = options.get("journal");
    ExecutionJournal journal;
    try {
      journal = Journals.openForReading(spec);
    } catch (IllegalArgumentException e) {
      console.error(e.getMessage());
      return ExitCode.FAILED;
    }
    try {
      Journals.warnings(journal).forEach(d -> console.error("warning: " + d));
      List<AwaitingApproval> all = new ArrayList<>();
      for (String o : organizations) {
        all.addAll(journal.pending(o));
      }
      all.sort(java.util.Comparator.comparing(AwaitingApproval::time));
      lines(all).forEach(console::out);
      return ExitCode.OK;
    } finally {
      journal.close();
    }
  }

  /** The table of {@code pending}, a title first. */
  static List<String> lines(List<AwaitingApproval> pending) {
    List<String> lines = new ArrayList<>();
    lines.add(pending.size() + (pending.size() == 1 ? " run awaits" : " runs await") + " approval");
    if (pending.isEmpty()) {
      return lines;
    }
    List<String[]> rows = new ArrayList<>();
    for (AwaitingApproval a : pending) {
      rows.add(new String[] {Text.DATE.format(a.time()) + " " + Text.time(a.time()), a.organization(), a.eventId(),
          a.invocation().classification().name(), a.invocation().action(), a.invocation().connector(),
          a.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), a.onExpiry().name().toLowerCase(Locale.ROOT)});
    }
    int[] width = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      width[i] = HEADER[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    lines.add(line(HEADER, width));
    rows.forEach(r -> lines.add(line(r, width)));
    return lines;
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      b.append(i == cells.length - 1 ? cells[i] : Text.pad(cells[i], width[i] + 2));
    }
    return b.toString().stripTrailing();
  }

  /** The organizations to look in: {@code --organization}, else every one of {@code --config}. */
  static List<String> organizations(Options options, Console console, String command) {
    if (options.find("organization").isPresent()) {
      return List.of(options.get("organization"));
    }
    if (options.find("config").isEmpty()) {
      throw new UsageException(command + ": give --organization O, or --config F to look in each of its"
          + " organizations");
    }
    ConfigurationFile loaded = Engines.load(options.path("config"), console.environment(), console);
    return loaded.configuration().organizations().stream().map(Organization::name).toList();
  }
}
