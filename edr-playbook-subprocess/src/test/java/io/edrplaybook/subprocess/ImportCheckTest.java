package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 17 item 13: {@code checkImports} runs a script's module level in a worker, never its functions. */
class ImportCheckTest {

  private static ScriptRunner runner(String python) {
    if (python.equals("python2.7")) {
      assumeTrue(Pythons.hasPython27(), "python2.7 is not installed: the Python 2.7 import checks are skipped");
      return Pythons.runner("workers", 1, "interpreter", Pythons.python27().orElseThrow());
    }
    return Pythons.runner("workers", 1);
  }

  private static Optional<ScriptError> check(ScriptRunner runner, Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    CompiledScript script = runner.compile(new ScriptSource("action", file.toString(), text));
    return runner.checkImports(script, new ScriptCall(EntryPoint.RUN,
        Pythons.tenantCtx("acme", "Edge FW", Map.of()), Duration.ofSeconds(30), "import-check"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"python3", "python2.7"})
  void aMissingModuleIsReportedWithTheScriptsFileAndLine(String python, @TempDir Path dir) throws IOException {
    Path file = dir.toRealPath().resolve("block.py");
    try (ScriptRunner runner = runner(python)) {
      ScriptError e = check(runner, file, "\"\"\"Blocks.\"\"\"\nimport json\nimport edr_no_such_module_4711\n\n"
          + "def run(ctx):\n    return {}\n").orElseThrow();

      assertTrue(List.of("ImportError", "ModuleNotFoundError").contains(e.type()), e::toString);
      assertTrue(e.message().contains("edr_no_such_module_4711"), e::toString);
      assertTrue(e.traceback().contains("File \"" + file + "\", line 3"), e.traceback());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"python3", "python2.7"})
  void moduleLevelCodeUsingFileAndAHelperBesideTheScriptPasses(String python, @TempDir Path dir) throws IOException {
    Path pack = dir.toRealPath().resolve("pack");
    Files.createDirectories(pack.resolve("lib"));
    Files.writeString(pack.resolve("lib/__init__.py"), "");
    Files.writeString(pack.resolve("lib/helper.py"), "NAME = 'helper'\n");
    Files.writeString(pack.resolve("settings.txt"), "quarantine\n");
    try (ScriptRunner runner = runner(python)) {
      Optional<ScriptError> e = check(runner, pack.resolve("action.py"), "import os\n"
          + "from lib.helper import NAME\n"
          + "HERE = os.path.dirname(os.path.abspath(__file__))\n"
          + "POLICY = open(os.path.join(HERE, 'settings.txt')).read().strip()\n"
          + "def run(ctx):\n    return {'policy': POLICY}\n");

      assertEquals(Optional.empty(), e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"python3", "python2.7"})
  void moduleLevelRunsButRunAndTestAreNeverCalled(String python, @TempDir Path dir) throws IOException {
    Path folder = dir.toRealPath();
    try (ScriptRunner runner = runner(python)) {
      Optional<ScriptError> e = check(runner, folder.resolve("action.py"), "import os\n"
          + "open(os.path.join(os.path.dirname(__file__), 'loaded'), 'w').close()\n"
          + "def run(ctx):\n    open(os.path.join(os.path.dirname(__file__), 'ran'), 'w').close()\n"
          + "def test(ctx):\n    open(os.path.join(os.path.dirname(__file__), 'tested'), 'w').close()\n");

      assertEquals(Optional.empty(), e);
      assertTrue(Files.exists(folder.resolve("loaded")), "module-level code ran");
      assertFalse(Files.exists(folder.resolve("ran")), "run(ctx) was called");
      assertFalse(Files.exists(folder.resolve("tested")), "test(ctx) was called");
    }
  }
}
