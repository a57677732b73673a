package io.edrplaybook.samples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/cli.md documents the command line as its code defines it: a section per command, and in
 * it a table row per option, saying "required" exactly for the required ones.
 */
class DocsCliTest {
  private static final Path DOC = Path.of("../docs/cli.md");
  private static final Pattern SECTION = Pattern.compile("^## `([a-z]+)`$");
  private static final Pattern ROW = Pattern.compile("^\\| `--([a-z-]+)(?: [A-Z]+)?` \\|(.*)\\|$");

  /** The option rows of each command's section: option name to the rest of its row. */
  private static Map<String, Map<String, String>> sections() throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : Files.readAllLines(DOC)) {
      Matcher s = SECTION.matcher(line);
      if (s.matches()) {
        current = new LinkedHashMap<>();
        out.put(s.group(1), current);
      } else if (line.startsWith("## ")) {
        current = null;
      } else if (current != null) {
        Matcher r = ROW.matcher(line);
        if (r.matches()) {
          current.put(r.group(1), r.group(2));
        }
      }
    }
    return out;
  }

  @Test
  void everyCommandHasItsSectionAndNoSectionNamesAnotherCommand() throws IOException {
    assertEquals(new TreeSet<>(Commands.names()), new TreeSet<>(sections().keySet()));
  }

  @Test
  void everyOptionOfEveryCommandHasItsRowAndRequiredOnesSaySo() throws IOException {
    Map<String, Map<String, String>> sections = sections();
    List<String> wrong = new ArrayList<>();
    for (CommandSpec c : Commands.ALL) {
      Map<String, String> rows = sections.getOrDefault(c.name(), Map.of());
      List<String> names = c.options().stream().map(CommandSpec.Option::name).toList();
      if (!new TreeSet<>(names).equals(new TreeSet<>(rows.keySet()))) {
        wrong.add(c.name() + ": options " + names + ", documented " + rows.keySet());
        continue;
      }
      for (CommandSpec.Option o : c.options()) {
        boolean saysRequired = rows.get(o.name()).contains("required");
        if (saysRequired != o.required()) {
          wrong.add(c.name() + " --" + o.name() + (o.required() ? " is required, the row does not say so"
              : " is optional, the row says required"));
        }
      }
    }
    assertEquals(List.of(), wrong);
  }
}
