package io.edrplaybook.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM pins every library module of the reactor, at the reactor's version. */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theBomPinsEveryLibraryModuleAtTheReactorsVersion() throws Exception {
    String parent = Files.readString(ROOT.resolve("pom.xml")).replaceAll("(?s)<!--.*?-->", "");
    // comments (the BOM's shows how to import it) are not part of the model
    String bom = Files.readString(ROOT.resolve("edr-playbook-bom/pom.xml")).replaceAll("(?s)<!--.*?-->", "");
    List<String> modules = all(Pattern.compile("<module>([^<]+)</module>"), parent);
    List<String> pinned = all(Pattern.compile("<artifactId>([^<]+)</artifactId><version>"), bom);
    for (String module : modules) {
      if (!List.of("samples", "benchmarks", "consumer-tests", "edr-playbook-bom").contains(module)) {
        assertTrue(pinned.contains(module), module + " is missing from the BOM: " + pinned);
      }
    }
    String version = all(Pattern.compile("<version>([^<$]+)</version>"), parent).get(0);
    assertEquals(version, all(Pattern.compile("<version>([^<$]+)</version>"), bom).get(0),
        "the BOM's version moves with the reactor's");
  }
}
