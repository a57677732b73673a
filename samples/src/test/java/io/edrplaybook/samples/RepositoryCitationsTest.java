package io.edrplaybook.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every document the repository cites is in the repository: Markdown links resolve, the
 * {@code docs/…}, {@code README.md} and {@code BENCHMARKS.md} files that code and documents name
 * exist, and nothing names the design notes that are kept outside it.
 */
class RepositoryCitationsTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]+)(#[^)]*)?\\)");
  private static final Pattern DOC_PATH = Pattern.compile(
      "(?<![\\w./-])((?:[\\w-]+/)*(?:docs/[\\w.-]+\\.md|[\\w-]+/README\\.md|BENCHMARKS\\.md))");
  /** Names of documents outside the repository that were once cited (spelled so this file does not match). */
  private static final List<String> OUTSIDE = List.of("DESIGN" + ".md", "RUNNER" + "-NOTES", "STYLE" + ".md",
      "/work" + "/", "bench" + "-findings");

  private static List<Path> textFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(REPO)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(java|md|py|xml|properties|json|ya?ml|txt|sql|sh)$"))
          .filter(p -> !REPO.relativize(p).toString().matches("(.*[/\\\\])?(target|\\.git|node_modules)([/\\\\].*)?"))
          .sorted().toList();
    }
  }

  private static String read(Path p) throws IOException {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      return "";
    }
  }

  @Test
  void nothingCitesTheDesignNotesOutsideTheRepository() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path p : textFiles()) {
      String[] lines = read(p).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        for (String name : OUTSIDE) {
          if (lines[i].contains(name)) {
            found.add(REPO.relativize(p) + ":" + (i + 1) + ": " + name);
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void everyMarkdownLinkResolvesToAFileOfTheRepository() throws IOException {
    List<String> broken = new ArrayList<>();
    List<Path> markdown = textFiles().stream().filter(p -> p.toString().endsWith(".md")).toList();
    assertTrue(markdown.contains(REPO.resolve("README.md")), "the walk of " + REPO + " did not find README.md");
    for (Path p : markdown) {
      Matcher m = LINK.matcher(read(p));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        if (!Files.exists(p.getParent().resolve(target).normalize())) {
          broken.add(REPO.relativize(p) + ": (" + target + ")");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void everyDocumentNamedInCodeOrDocsExists() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path p : textFiles()) {
      Matcher m = DOC_PATH.matcher(read(p));
      while (m.find()) {
        String named = m.group(1);
        boolean exists = Files.exists(REPO.resolve(named)) || Files.exists(p.getParent().resolve(named).normalize());
        if (!exists) {
          missing.add(REPO.relativize(p) + ": " + named);
        }
      }
    }
    assertEquals(List.of(), missing);
  }
}
