package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A virtualenv's python gives scripts that venv's packages; sitePackages=false keeps them out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirtualenvTest {
  private static final String SCRIPT = "def run(ctx):\n    import edr_venv_marker\n"
      + "    return {'marker': edr_venv_marker.VALUE}\n";

  private Path python;

  @BeforeAll
  void createVenv(@TempDir Path dir) throws IOException, InterruptedException {
    Path venv = dir.resolve("venv");
    Process p = new ProcessBuilder("python3", "-m", "venv", "--without-pip", venv.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        "skipped: python3 -m venv is not available on this machine");
    Path sitePackages;
    try (Stream<Path> found = Files.find(venv.resolve("lib"), 2,
        (path, attrs) -> path.getFileName().toString().equals("site-packages"))) {
      sitePackages = found.findFirst().orElseThrow();
    }
    Files.writeString(sitePackages.resolve("edr_venv_marker.py"), "VALUE = 'from the venv'\n");
    python = venv.resolve("bin").resolve("python");
  }

  @Test
  void scriptsImportTheVirtualenvsPackages() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "interpreter", python.toString())) {
      ScriptOutcome o = Pythons.run(runner, SCRIPT, Map.of());
      assertEquals(Map.of("marker", "from the venv"), o.result().orElseThrow(), o::toString);
    }
  }

  @Test
  void sitePackagesOffKeepsInstalledPackagesOut() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "interpreter", python.toString(),
        "sitePackages", false)) {
      ScriptOutcome o = Pythons.run(runner, SCRIPT, Map.of());
      assertEquals(Status.FAILED, o.status(), o::toString);
      ScriptError error = o.error().orElseThrow();
      assertTrue(error.type().endsWith("ImportError") || error.type().equals("ModuleNotFoundError"),
          error::summary);
    }
  }
}
