package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What scripts import from {@code pythonPath} and their own folders: nothing written, nothing shared. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JythonImportsTest {
  @TempDir
  static Path root;
  private Path library;
  private Path pack;
  private ScriptRunner runner;

  @BeforeAll
  void start() throws IOException {
    library = Files.createDirectories(root.resolve("library"));
    Files.writeString(library.resolve("edr_shared.py"), "owner = None\n");
    Files.writeString(library.resolve("edr_untouched.py"), "VALUE = 1\n");
    pack = Files.createDirectories(root.resolve("pack/lib"));
    Files.writeString(pack.resolve("__init__.py"), "");
    Files.writeString(pack.resolve("helper.py"), "def greet():\n    return u'hello'\n");
    runner = new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 1).with("warmUp", false).with("pythonPath", List.of(library.toString())));
  }

  @AfterAll
  void stop() {
    runner.close();
  }

  private ScriptOutcome run(String file, String source) {
    CompiledScript script = runner.compile(new ScriptSource("s", file, source));
    return runner.run(script, new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofSeconds(30), "imports"));
  }

  private static List<String> filesUnder(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void importingFromPythonPathWritesNothingIntoIt() throws IOException {
    List<String> before = filesUnder(library);
    ScriptOutcome outcome = run("scripts/a.py", "import edr_untouched\ndef run(ctx):\n    return {}\n");
    assertEquals(ScriptOutcome.Status.SUCCEEDED, outcome.status(), outcome::toString);
    assertEquals(before, filesUnder(library), "no $py.class file may appear in a pythonPath folder");
  }

  @Test
  void importingFromTheScriptsFolderWritesNothingIntoIt() throws IOException {
    Path script = Files.writeString(root.resolve("pack/action.py"),
        "from lib import helper\ndef run(ctx):\n    return {'said': helper.greet()}\n");
    List<String> before = filesUnder(root.resolve("pack"));
    ScriptOutcome outcome = run(script.toString(), Files.readString(script));
    assertEquals(Map.of("said", "hello"), outcome.result().orElseThrow(), outcome::toString);
    assertEquals(before, filesUnder(root.resolve("pack")), "no $py.class file may appear beside the script");
  }

  @Test
  void aHelperChangedOnDiskIsWhatTheNextScriptImports() throws IOException {
    Path helper = library.resolve("edr_versioned.py");
    String read = "import edr_versioned\ndef run(ctx):\n    return {'version': edr_versioned.VERSION}\n";
    Files.writeString(helper, "VERSION = u'one'\n");
    assertEquals(Map.of("version", "one"), run("scripts/v1.py", read).result().orElseThrow());
    Files.writeString(helper, "VERSION = u'two'  # a longer file\n");
    assertEquals(Map.of("version", "two"), run("scripts/v2.py", read).result().orElseThrow());
  }

  @Test
  void aHelperChangedOnDiskIsWhatTheSameScriptsNextRunImports() throws IOException {
    Path helper = library.resolve("edr_edited.py");
    String read = "import edr_edited\ndef run(ctx):\n    return {'version': edr_edited.VERSION}\n";
    Files.writeString(helper, "VERSION = u'one'\n");
    assertEquals(Map.of("version", "one"), run("scripts/edited.py", read).result().orElseThrow());
    assertEquals(Map.of("version", "one"), run("scripts/edited.py", read).result().orElseThrow());
    Files.writeString(helper, "VERSION = u'two'  # a longer file\n");
    assertEquals(Map.of("version", "two"), run("scripts/edited.py", read).result().orElseThrow());
  }

  @Test
  void aHelperThatRaisesWhileImportedFailsEveryRunThatImportsIt() throws IOException {
    Files.writeString(library.resolve("edr_broken.py"), "X = 1\nraise ValueError('broken helper')\n");
    String use = "import edr_broken\ndef run(ctx):\n    return {'x': edr_broken.X}\n";
    for (int i = 0; i < 2; i++) {
      ScriptOutcome outcome = run("scripts/broken.py", use);
      assertEquals("ValueError", outcome.error().orElseThrow(() -> new AssertionError(outcome.toString())).type());
      assertTrue(outcome.error().orElseThrow().traceback().contains(library.resolve("edr_broken.py").toString()),
          outcome::toString);
    }
  }

  @Test
  void aPythonPathModuleShadowsAStandardLibraryModuleOfTheSameNameAsOnCPython() throws IOException {
    Files.writeString(library.resolve("this.py"), "SHADOWED = True\n");
    ScriptOutcome outcome = run("scripts/shadow.py",
        "import this\ndef run(ctx):\n    return {'shadowed': getattr(this, 'SHADOWED', False)}\n");
    assertEquals(Map.of("shadowed", true), outcome.result().orElseThrow(), outcome::toString);
  }

  @Test
  void aPythonPathModuleOneScriptChangedIsFreshForAnother() {
    String set = "import edr_shared\ndef run(ctx):\n    edr_shared.owner = u'one'\n    return {}\n";
    String read = "import edr_shared\ndef run(ctx):\n    return {'owner': edr_shared.owner}\n";
    for (int i = 0; i < 2; i++) {
      run("scripts/one.py", set);
      ScriptOutcome other = run("scripts/other.py", read);
      assertEquals(java.util.Collections.singletonMap("owner", null), other.result().orElseThrow(),
          "another script must not see the module state the first one left");
    }
  }
}
