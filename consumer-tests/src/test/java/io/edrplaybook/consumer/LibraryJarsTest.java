package io.edrplaybook.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The library jars this module's class path holds (a build that packages: {@code mvn verify})
 * are reproducible and come with their sources.
 */
class LibraryJarsTest {
  private static final Pattern LIBRARIES = Pattern.compile("edr-playbook-(api|core|jython|subprocess)");

  private static List<Path> jars() {
    List<Path> jars = ModularHost.modulePath(LIBRARIES);
    assumeTrue(jars.stream().allMatch(p -> p.toString().endsWith(".jar")),
        "the library modules are on the class path as classes directories, not jars: run mvn verify");
    assertEquals(4, jars.size(), "expected the four library jars on the class path: " + jars);
    return jars;
  }

  @Test
  void everyEntryOfALibraryJarCarriesTheBuildsFixedTimestamp() throws Exception {
    Instant expected = null;
    for (Path jar : jars()) {
      try (JarFile f = new JarFile(jar.toFile())) {
        for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements();) {
          JarEntry entry = e.nextElement();
          FileTime t = entry.getLastModifiedTime();
          if (expected == null) {
            expected = t.toInstant();
          }
          assertEquals(expected, t.toInstant(), jar.getFileName() + "!" + entry.getName()
              + " carries the time it was built, not project.build.outputTimestamp");
        }
      }
    }
    String pom = Files.readString(Path.of("..", "pom.xml").toAbsolutePath().normalize());
    java.util.regex.Matcher m = Pattern.compile("<project.build.outputTimestamp>([^<]+)<").matcher(pom);
    assertTrue(m.find(), "the parent pom sets no project.build.outputTimestamp");
    assertEquals(Instant.parse(m.group(1)), expected, "the jars' entries carry " + expected
        + ", not the parent's project.build.outputTimestamp");
  }

  @Test
  void everyLibraryJarHasASourcesJarBesideIt() {
    for (Path jar : jars()) {
      Path sources = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "-sources.jar"));
      assertTrue(Files.isRegularFile(sources), "no " + sources.getFileName() + " beside " + jar);
    }
  }
}
