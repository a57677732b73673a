package io.edrplaybook.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md has a table row for every key the loader accepts, and none it does not. */
class ConfigurationDocsTest {
  private static final Path DOC = Path.of("../docs/configuration.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\|");

  /** The keys of each table, by the heading above it. */
  static Map<String, Set<String>> tables(Path doc) throws IOException {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    Set<String> current = null;
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("#")) {
        current = new TreeSet<>();
        out.put(line.replaceFirst("^#+ ", ""), current);
      } else if (current != null) {
        Matcher m = ROW.matcher(line);
        if (m.find()) {
          current.add(m.group(1));
        }
      }
    }
    return out;
  }

  @Test
  void everyObjectsTableListsExactlyTheLoadersKeys() throws IOException {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    sections.put("Top level", Keys.ROOT);
    sections.put("`organizations[]`", Keys.ORGANIZATION);
    sections.put("`jumpBoxes[]`", Keys.JUMP_BOX);
    sections.put("`actions[]`", Keys.ACTION);
    sections.put("`actions[].scripts[]`", Keys.SCRIPT);
    sections.put("`actions[].retry`", Keys.RETRY);
    sections.put("`connectors[]`", Keys.CONNECTOR);
    sections.put("`connectors[].actions[]`", Keys.BINDING);
    sections.put("`connectors[].limits`", Keys.LIMITS);
    sections.put("`playbooks[]`", Keys.PLAYBOOK);
    sections.put("`playbooks[].rules[]`", Keys.RULE);
    sections.put("`journal`", Keys.JOURNAL);
    Map<String, Set<String>> tables = tables(DOC);
    List<String> wrong = new ArrayList<>();
    sections.forEach((heading, keys) -> {
      Set<String> documented = tables.get(heading);
      if (documented == null) {
        wrong.add("no section \"" + heading + "\"");
      } else if (!documented.equals(new TreeSet<>(keys))) {
        wrong.add(heading + ": the loader takes " + new TreeSet<>(keys) + ", the table lists " + documented);
      }
    });
    // credentials are described inside the connector's row
    String text = Files.readString(DOC);
    for (String key : Keys.CREDENTIALS) {
      if (!text.contains("`credentials` | object: ") || !text.contains("`" + key + "` (text, *secret*")) {
        wrong.add("credentials." + key + " is not described in the connectors table");
      }
    }
    // a list of keys added to the loader needs its table here too
    for (java.lang.reflect.Field f : Keys.class.getDeclaredFields()) {
      if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == List.class) {
        try {
          Object list = f.get(null);
          if (list != Keys.CREDENTIALS && sections.values().stream().noneMatch(l -> l == list)) {
            wrong.add("Keys." + f.getName() + " has no section in this test and the doc");
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    assertEquals(List.of(), wrong);
  }
}
