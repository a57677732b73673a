package io.edrplaybook.samples.scripts;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Python interpreter the sample scripts are run with. {@code python3} must be present
 * ({@code -Dsamples.python3=<command>} to pick another); Python 2.7 is
 * {@code -Dsamples.python2=<command>} (default {@code python2.7} on PATH, else pyenv's
 * {@code ~/.pyenv/versions/2.7*}) and its tests are skipped, saying so, when none starts.
 */
record Python(String label, String command, List<String> flags) {

  static final Python PYTHON3 = new Python("python3", System.getProperty("samples.python3", "python3"),
      List.of("-E", "-s", "-S"));
  static final Python PYTHON2 = new Python("python2.7", System.getProperty("samples.python2", "python2.7"),
      List.of("-E", "-s", "-S"));

  /** The interpreters every script test runs on. */
  static List<Python> all() {
    return List.of(PYTHON3, PYTHON2);
  }

  /**
   * Returns the interpreter's own path ({@code sys.executable}), which skips launchers such as
   * pyenv shims on every later call; skips the calling test, with the reason, when it does not start.
   */
  String executable() {
    Optional<String> found = this == PYTHON3 ? Probe.PYTHON3 : Probe.PYTHON2;
    assumeTrue(found.isPresent(), () -> label + " is not available: '" + command
        + " -c \"import sys; print(sys.executable)\"' did not exit 0; set -Dsamples."
        + (this == PYTHON3 ? "python3" : "python2") + "=/path/to/" + label + " to run these tests on it");
    return found.get();
  }

  @Override
  public String toString() {
    return label;
  }

  /** Probes each interpreter once per JVM. */
  private static final class Probe {
    static final Optional<String> PYTHON3 = probe(Python.PYTHON3);
    static final Optional<String> PYTHON2 = probe(Python.PYTHON2);

    private static Optional<String> probe(Python python) {
      Optional<String> found = probe(python.command());
      if (found.isEmpty() && python == Python.PYTHON2 && System.getProperty("samples.python2") == null) {
        // a pyenv shim on PATH may refuse to start 2.7 while pyenv still holds one
        java.nio.file.Path versions = java.nio.file.Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (java.nio.file.Files.isDirectory(versions)) {
          try (var dirs = java.nio.file.Files.newDirectoryStream(versions, "2.7*")) {
            for (java.nio.file.Path d : dirs) {
              found = probe(d.resolve("bin").resolve("python2.7").toString());
              if (found.isPresent()) {
                break;
              }
            }
          } catch (IOException e) {
            // no pyenv versions to look in
          }
        }
      }
      return found;
    }

    private static Optional<String> probe(String command) {
      try {
        Process process = new ProcessBuilder(command, "-c", "import sys; print(sys.executable)")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return Optional.empty();
        }
        return process.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
