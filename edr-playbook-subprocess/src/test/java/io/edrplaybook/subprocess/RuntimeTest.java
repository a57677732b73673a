package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 17 items 3, 5 and 8: what a script can rely on at run time, and what does not survive a run. */
class RuntimeTest {

  private static CompiledScript fileScript(ScriptRunner runner, Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return runner.compile(new ScriptSource("action", file.toString(), text));
  }

  @Test
  void aScriptOnDiskSeesItsPathAndRunsInItsFolderWithNoHostVariables(@TempDir Path dir)
      throws IOException {
    Path file = dir.toRealPath().resolve("pack").resolve("action.py");
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      CompiledScript s = fileScript(runner, file, "import os, sys\n"
          + "here = __file__\n"
          + "def run(ctx):\n"
          + "    return {'file': here, 'argv': sys.argv, 'cwd': os.getcwd(), 'path0': sys.path[0],\n"
          + "            'files': os.listdir('.'), 'env': sorted(os.environ)}\n");
      Map<String, Object> r = Pythons.run(runner, s, Map.of(), Duration.ofSeconds(20)).result().orElseThrow();
      assertEquals(file.toString(), r.get("file"));
      assertEquals(List.of(file.toString()), r.get("argv"));
      assertEquals(file.getParent().toString(), r.get("cwd"), "the working folder is the script's");
      assertEquals(file.getParent().toString(), r.get("path0"));
      assertEquals(List.of("action.py"), r.get("files"));
      assertTrue(List.of("HOME", "LANG", "LC_CTYPE", "PATH", "TMPDIR", "TZ").containsAll((List<?>) r.get("env")),
          r.get("env")::toString);
    }
  }

  @Test
  void anInlineScriptRunsInTheWorkersOwnEmptyFolderAlsoAfterAScriptOnDisk(@TempDir Path dir)
      throws IOException {
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      CompiledScript onDisk = fileScript(runner, dir.resolve("action.py"),
          "import os\ndef run(ctx):\n    return {'cwd': os.getcwd()}\n");
      CompiledScript inline = Pythons.compile(runner, "inline.py", "import os\n"
          + "def run(ctx):\n"
          + "    return {'cwd': os.getcwd(), 'home': os.environ['HOME'], 'files': os.listdir('.')}\n");
      Pythons.run(runner, onDisk, Map.of(), Duration.ofSeconds(20));
      Map<String, Object> r = Pythons.run(runner, inline, Map.of(), Duration.ofSeconds(20))
          .result().orElseThrow();
      assertEquals(r.get("home"), r.get("cwd"), "an inline script runs in the worker's own folder");
      assertEquals(List.of(), r.get("files"));
    }
  }

  @Test
  void aStandardModuleWithoutAFileOfItsOwnStaysImportableInTheNextRun() {
    // Python 3's xml.parsers.expat puts pyexpat's file-less submodule 'errors' into sys.modules
    // (2.7's does not): dropping it while its package stays would make 'import
    // xml.parsers.expat.errors' fail
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      CompiledScript first = Pythons.compile(runner, "first.py",
          "def run(ctx):\n    import xml.parsers.expat\n    return {}\n");
      CompiledScript second = Pythons.compile(runner, "second.py", "def run(ctx):\n"
          + "    import xml.parsers.expat.errors\n"
          + "    return {'ok': xml.parsers.expat.errors.XML_ERROR_SYNTAX is not None}\n");
      Pythons.run(runner, first, Map.of(), Duration.ofSeconds(20));
      ScriptOutcome o = Pythons.run(runner, second, Map.of(), Duration.ofSeconds(20));
      assertEquals(Map.of("ok", true), o.result().orElse(null), o::toString);
    }
  }

  @ParameterizedTest
  @MethodSource("interpreters")
  void aModuleARunPutUnderAStandardPackageIsGoneInTheNextRun(String interpreter) {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "interpreter", interpreter)) {
      CompiledScript plant = Pythons.compile(runner, "plant.py", "import json, sys, types\n"
          + "def run(ctx):\n"
          + "    sys.modules['json.edr_planted'] = types.ModuleType('json.edr_planted')\n"
          + "    return {}\n");
      CompiledScript look = Pythons.compile(runner, "look.py", "def run(ctx):\n"
          + "    try:\n"
          + "        import json.edr_planted\n"
          + "        return {'found': True}\n"
          + "    except ImportError:\n"
          + "        return {'found': False}\n");
      Pythons.run(runner, plant, Map.of(), Duration.ofSeconds(20));
      ScriptOutcome o = Pythons.run(runner, look, Map.of(), Duration.ofSeconds(20));
      assertEquals(Map.of("found", false), o.result().orElse(null), o::toString);
    }
  }

  /** python3, and python2.7 when this machine has it. */
  static Stream<String> interpreters() {
    return Stream.concat(Stream.of("python3"), Pythons.python27().stream());
  }

  @ParameterizedTest
  @MethodSource("interpreters")
  void environmentAndFilesAScriptChangesAreGoneForTheNextRun(String interpreter) {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "interpreter", interpreter)) {
      CompiledScript s = Pythons.compile(runner, "proxy.py", "import os\n"
          + "def run(ctx):\n"
          + "    seen = {'proxy': os.environ.get('HTTPS_PROXY'), 'files': os.listdir('.')}\n"
          + "    os.environ['HTTPS_PROXY'] = 'http://attacker.example:3128'\n"
          + "    open('left-behind.txt', 'w').close()\n"
          + "    os.mkdir('cache')\n"
          + "    return seen\n");
      Map<String, Object> acme = Pythons.tenantCtx("acme", "fw", Map.of());
      Pythons.run(runner, s, acme, Duration.ofSeconds(20));
      Map<String, Object> r = Pythons.run(runner, s, acme, Duration.ofSeconds(20)).result().orElseThrow();
      assertEquals(null, r.get("proxy"));
      assertEquals(List.of(), r.get("files"));
    }
  }

  @ParameterizedTest
  @MethodSource("interpreters")
  void twoScriptsWithTheirOwnLibPackageEachImportTheirOwn(String interpreter, @TempDir Path dir)
      throws IOException {
    for (String pack : new String[] {"first", "second"}) {
      Path lib = dir.resolve(pack).resolve("lib");
      Files.createDirectories(lib);
      Files.writeString(lib.resolve("__init__.py"), "NAME = '" + pack + "'\n");
    }
    String text = "from lib import NAME\ndef run(ctx):\n    return {'lib': NAME}\n";
    try (ScriptRunner runner = Pythons.runner("workers", 1, "interpreter", interpreter)) {
      CompiledScript first = fileScript(runner, dir.resolve("first").resolve("action.py"), text);
      CompiledScript second = fileScript(runner, dir.resolve("second").resolve("action.py"), text);
      for (int i = 0; i < 2; i++) {
        assertEquals(Map.of("lib", "first"), Pythons.run(runner, first, Map.of(), Duration.ofSeconds(20))
            .result().orElseThrow());
        assertEquals(Map.of("lib", "second"), Pythons.run(runner, second, Map.of(), Duration.ofSeconds(20))
            .result().orElseThrow());
      }
    }
  }

  @Test
  void aHugeTimeoutRunsLikeAnyOther() {
    try (ScriptRunner runner = Pythons.runner("workers", 1)) {
      ScriptOutcome o = Pythons.run(runner, Pythons.compile(runner, "ok.py", "def run(ctx):\n    return {'ok': 1}\n"),
          Map.of(), Duration.ofHours(999_999_999_999L));
      assertEquals(Map.of("ok", 1), o.result().orElseThrow(), o::toString);
    }
  }

  private static final String HANG = "import time, sys\n"
      + "def spin_forever():\n"
      + "    while True:\n"
      + "        time.sleep(0.01)\n"
      + "def run(ctx):\n"
      + "    print('reached the firewall')\n"
      + "    spin_forever()\n";

  @Test
  void aTimedOutRunKeepsItsOutputAndSaysWhereItWas() {
    assertTimedOutWithStack(Pythons.runner("workers", 1));
  }

  @Test
  @EnabledIf("io.edrplaybook.subprocess.Pythons#hasPython27")
  void aTimedOutRunKeepsItsOutputAndSaysWhereItWasOnPython27() {
    assertTimedOutWithStack(Pythons.runner("workers", 1, "interpreter", Pythons.python27().orElseThrow()));
  }

  private static void assertTimedOutWithStack(ScriptRunner runner) {
    try (runner) {
      ScriptOutcome o = Pythons.run(runner, Pythons.compile(runner, "hang.py", HANG), Map.of(),
          Duration.ofMillis(800));
      assertEquals(Status.TIMED_OUT, o.status(), o::toString);
      assertTrue(o.output().contains("reached the firewall"), o::toString);
      String trace = o.error().orElseThrow().traceback();
      assertTrue(trace.contains("spin_forever") && trace.contains("hang.py"), trace);
      assertTrue(trace.startsWith("Traceback (most recent call last):\n")
          && trace.endsWith("TimeoutError: " + o.error().orElseThrow().message() + "\n"), trace);
      ScriptOutcome next = Pythons.run(runner, "def run(ctx):\n    return {'ok': 1}\n", Map.of());
      assertEquals(Status.SUCCEEDED, next.status(), next::toString);
    }
  }
}
