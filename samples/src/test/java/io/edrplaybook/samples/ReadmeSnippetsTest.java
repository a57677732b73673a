package io.edrplaybook.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of README.md, as written there: each is compiled against the test class path
 * and the "Use it" one is run. An example is marked by an HTML comment on the line before its
 * fence, {@code <!-- compiled: NAME[, run][, given: DECLARATIONS] -->}: a complete class is
 * compiled as it is; any other example is the body of a method whose parameters are the given
 * declarations, with its own {@code import} lines and the library's packages imported.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("../README.md");
  private static final Pattern MARK = Pattern.compile("^(\\s*)<!-- compiled: (.+?) -->\\s*$");
  private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public (?:final )?class (\\w+)");
  private static final List<String> IMPORTS = List.of("io.edrplaybook.api.*", "io.edrplaybook.core.*",
      "io.edrplaybook.testkit.*", "io.edrplaybook.postgres.*", "com.zaxxer.hikari.*", "java.nio.file.*",
      "java.util.*", "java.time.*");

  /** One marked example: its name, README line of its first code line, options and code. */
  record Snippet(String name, int line, boolean run, String given, List<String> code) {
    String className() {
      Matcher m = PUBLIC_CLASS.matcher(String.join("\n", code));
      return m.find() ? m.group(1) : "Readme_" + name.replaceAll("[^A-Za-z0-9]", "_");
    }

    boolean completeClass() {
      return PUBLIC_CLASS.matcher(String.join("\n", code)).find();
    }

    /** The compilation unit, and the README line of each of its lines (0: added by this test). */
    String source(List<Integer> lines) {
      if (completeClass()) {
        for (int i = 0; i < code.size(); i++) {
          lines.add(line + i);
        }
        return String.join("\n", code) + "\n";
      }
      StringBuilder out = new StringBuilder();
      for (String i : IMPORTS) {
        out.append("import ").append(i).append(";\n");
        lines.add(0);
      }
      int i = 0;
      for (; i < code.size() && (code.get(i).startsWith("import ") || code.get(i).isBlank()); i++) {
        out.append(code.get(i)).append('\n');
        lines.add(line + i);
      }
      out.append("class ").append(className()).append(" {\n  static void example(").append(given)
          .append(") throws Exception {\n");
      lines.add(0);
      lines.add(0);
      for (; i < code.size(); i++) {
        out.append("    ").append(code.get(i)).append('\n');
        lines.add(line + i);
      }
      out.append("  }\n}\n");
      return out.toString();
    }
  }

  static List<Snippet> snippets(List<String> readme) {
    List<Snippet> out = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      Matcher m = MARK.matcher(readme.get(i));
      if (!m.matches()) {
        continue;
      }
      String indent = m.group(1);
      String fence = readme.get(i + 1);
      if (!fence.equals(indent + "```java")) {
        throw new AssertionError("README.md line " + (i + 1) + ": a \"compiled:\" mark must be followed by "
            + indent + "```java, was " + fence);
      }
      List<String> code = new ArrayList<>();
      int j = i + 2;
      for (; !readme.get(j).equals(indent + "```"); j++) {
        String l = readme.get(j);
        code.add(l.startsWith(indent) ? l.substring(indent.length()) : l.strip());
      }
      String spec = m.group(2);
      String given = "";
      int g = spec.indexOf("given:");
      if (g >= 0) {
        given = spec.substring(g + "given:".length()).trim();
        spec = spec.substring(0, g);
      }
      List<String> options = Stream.of(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      out.add(new Snippet(options.get(0), i + 3, options.contains("run"), given, code));
      i = j;
    }
    return out;
  }

  private static List<String> readme() {
    try {
      return Files.readAllLines(README, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyJavaExampleOfTheReadmeIsMarkedToBeCompiled() {
    List<String> readme = readme();
    List<String> unmarked = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      if (readme.get(i).strip().equals("```java") && (i == 0 || !MARK.matcher(readme.get(i - 1)).matches())) {
        unmarked.add("README.md line " + (i + 1));
      }
    }
    assertEquals(List.of(), unmarked, "Java examples without a <!-- compiled: NAME --> mark on the line before");
    List<String> names = snippets(readme).stream().map(Snippet::name).toList();
    assertTrue(names.containsAll(List.of("use-it", "first-playbook-test", "host")), names::toString);
  }

  @Test
  void everyJavaExampleOfTheReadmeCompilesAsShown() throws IOException {
    compile(snippets(readme()), Files.createTempDirectory("readme-snippets"));
  }

  @Test
  void useItExampleRunsWithoutEnvironmentAndPrintsItsSucceededRun() throws Exception {
    List<Snippet> run = snippets(readme()).stream().filter(Snippet::run).toList();
    assertEquals(List.of("use-it"), run.stream().map(Snippet::name).toList());
    Snippet useIt = run.get(0);
    assertTrue(useIt.completeClass(), "the Use it example is a complete class with its imports");
    Path out = Files.createTempDirectory("readme-use-it");
    compile(List.of(useIt), out);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass(useIt.className()).getMethod("main", String[].class);
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(stdout);
    }
    assertEquals("SUCCEEDED posted", printed.toString(StandardCharsets.UTF_8).strip());
  }

  /** Compiles the snippets into {@code out}; fails listing each error at its README line. */
  private static void compile(List<Snippet> snippets, Path out) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path src = Files.createDirectories(out.resolve("src"));
    Map<String, Snippet> byFile = new TreeMap<>();
    Map<String, List<Integer>> lines = new TreeMap<>();
    List<File> files = new ArrayList<>();
    for (Snippet s : snippets) {
      List<Integer> map = new ArrayList<>();
      Path file = src.resolve(s.className() + ".java");
      Files.writeString(file, s.source(map));
      byFile.put(file.toString(), s);
      lines.put(file.toString(), map);
      files.add(file.toFile());
    }
    String classPath = Stream.of(System.getProperty("java.class.path"), System.getProperty("jdk.module.path"))
        .filter(p -> p != null && !p.isEmpty()).collect(Collectors.joining(File.pathSeparator));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean ok = compiler.getTask(null, fm, diagnostics,
          List.of("-d", out.toString(), "-classpath", classPath, "-proc:none", "--release", "17"),
          null, fm.getJavaFileObjectsFromFiles(files)).call();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() != Diagnostic.Kind.ERROR) {
          continue;
        }
        String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).toString();
        Snippet s = byFile.get(file);
        List<Integer> map = lines.get(file);
        long n = d.getLineNumber();
        String where = s == null ? file : "README.md line "
            + (n >= 1 && n <= map.size() && map.get((int) n - 1) > 0 ? map.get((int) n - 1) : s.line())
            + " (example \"" + s.name() + "\")";
        errors.add(where + ": " + d.getMessage(Locale.ROOT));
      }
      assertEquals(List.of(), errors, "README examples that do not compile");
      assertTrue(ok, "javac failed without an error diagnostic");
    }
  }
}
