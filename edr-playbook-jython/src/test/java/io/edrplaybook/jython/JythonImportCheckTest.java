package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 13: {@code checkImports} runs a script's module level in a slot, never its functions. */
class JythonImportCheckTest {

  private static ScriptRunner runner() {
    return new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython").with("poolSize", 1)
        .with("warmUp", false));
  }

  private static Optional<ScriptError> check(ScriptRunner runner, Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    CompiledScript script = runner.compile(new ScriptSource("action", file.toString(), text));
    return runner.checkImports(script, new ScriptCall(EntryPoint.RUN,
        Map.of(), Duration.ofSeconds(30), "import-check"));
  }

  @Test
  void aMissingModuleIsReportedWithTheScriptsFileAndLine(@TempDir Path dir) throws IOException {
    Path file = dir.toRealPath().resolve("block.py");
    try (ScriptRunner runner = runner()) {
      ScriptError e = check(runner, file, "\"\"\"Blocks.\"\"\"\nimport json\nimport edr_no_such_module_4711\n\n"
          + "def run(ctx):\n    return {}\n").orElseThrow();

      assertTrue(List.of("ImportError", "ModuleNotFoundError").contains(e.type()), e::toString);
      assertTrue(e.message().contains("edr_no_such_module_4711"), e::toString);
      assertTrue(e.traceback().contains("File \"" + file + "\", line 3"), e.traceback());
    }
  }

  @Test
  void moduleLevelCodeUsingFileAndAHelperBesideTheScriptPasses(@TempDir Path dir) throws IOException {
    Path pack = dir.toRealPath().resolve("pack");
    Files.createDirectories(pack.resolve("lib"));
    Files.writeString(pack.resolve("lib/__init__.py"), "");
    Files.writeString(pack.resolve("lib/helper.py"), "NAME = 'helper'\n");
    Files.writeString(pack.resolve("settings.txt"), "quarantine\n");
    try (ScriptRunner runner = runner()) {
      Optional<ScriptError> e = check(runner, pack.resolve("action.py"), "import os\n"
          + "from lib.helper import NAME\n"
          + "HERE = os.path.dirname(os.path.abspath(__file__))\n"
          + "POLICY = open(os.path.join(HERE, 'settings.txt')).read().strip()\n"
          + "def run(ctx):\n    return {'policy': POLICY}\n");

      assertEquals(Optional.empty(), e);
    }
  }

  @Test
  void moduleLevelRunsButRunAndTestAreNeverCalled(@TempDir Path dir) throws IOException {
    Path folder = dir.toRealPath();
    try (ScriptRunner runner = runner()) {
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
