package io.edrplaybook.subprocess.internal;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.subprocess.CPythonSettings;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Python interpreter found and probed at runner creation: where it is, its version, the flags
 * its workers start with and the minimal environment they get.
 *
 * @param executable what the workers run: the interpreter's own {@code sys.executable} (so a
 *     pyenv shim is resolved once, and a virtualenv's python stays the venv's)
 * @param version major, minor, micro
 * @param environment the workers' whole environment
 */
record Interpreter(String executable, int[] version, Map<String, String> environment) {
  private static final String PROBE = "import sys; sys.stdout.write('%d %d %d\\n%s' % "
      + "(tuple(sys.version_info[:3]) + (sys.executable,)))";
  private static final long PROBE_SECONDS = 20;

  /** Returns the flags workers start with: isolated mode where the interpreter has it. */
  List<String> flags() {
    boolean hasIsolated = version[0] > 3 || (version[0] == 3 && version[1] >= 4);
    // -S keeps site (and .pth files) out of start-up; the bootstrap calls site.main() itself.
    return hasIsolated ? List.of("-I", "-S", "-B") : List.of("-E", "-s", "-S", "-B");
  }

  /** Returns e.g. {@code Python 3.11.7 (/usr/bin/python3.11)}. */
  String describe() {
    return "Python " + version[0] + "." + version[1] + "." + version[2] + " (" + executable + ")";
  }

  /**
   * Finds the configured interpreter (or {@code python3}, then {@code python}) and probes it.
   *
   * @throws PlaybookException naming every candidate and why it was not usable
   */
  static Interpreter locate(CPythonSettings settings, Path workDir) {
    Map<String, String> env = environment(settings);
    List<String> candidates = settings.interpreter().map(List::of).orElse(List.of("python3", "python"));
    String path = env.getOrDefault("PATH", "");
    List<String> problems = new ArrayList<>();
    for (String candidate : candidates) {
      Path found = resolve(candidate, path);
      if (found == null) {
        problems.add("'" + candidate + "' was not found"
            + (candidate.contains(File.separator) ? "" : " on PATH (" + path + ")"));
        continue;
      }
      try {
        Interpreter interpreter = probe(found, env, workDir);
        int[] v = interpreter.version();
        if (v[0] < 2 || (v[0] == 2 && v[1] < 7)) {
          problems.add("'" + candidate + "' at " + found + " is Python " + v[0] + "." + v[1] + "."
              + v[2] + ", older than the 2.7 this runner needs");
          continue;
        }
        return interpreter;
      } catch (IOException e) {
        problems.add("'" + candidate + "' at " + found + " did not run: " + e.getMessage());
      }
    }
    throw new PlaybookException("No usable Python interpreter for the cpython runner: "
        + String.join("; ", problems) + ". Set runners.cpython.interpreter to a Python 2.7 or 3.x"
        + " executable.");
  }

  private static Path resolve(String candidate, String searchPath) {
    if (candidate.contains(File.separator)) {
      Path p = Path.of(candidate);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? p.toAbsolutePath() : null;
    }
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, candidate);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static Interpreter probe(Path exe, Map<String, String> env, Path workDir)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(exe.toString(), "-E", "-s", "-S", "-c", PROBE)
        .directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    try (InputStream in = p.getInputStream()) {
      p.getOutputStream().close();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("it did not answer within " + PROBE_SECONDS + " s");
      }
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      String[] lines = out.split("\n", 2);
      String[] v = lines[0].trim().split(" ");
      if (p.exitValue() != 0 || v.length != 3 || !v[0].matches("\\d+")) {
        throw new IOException("exit status " + p.exitValue() + ", output \""
            + (out.length() > 300 ? out.substring(0, 300) + "..." : out) + "\"");
      }
      String self = lines.length > 1 && !lines[1].isBlank() ? lines[1].trim() : exe.toString();
      int[] version = {Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2])};
      return new Interpreter(self, version, env);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while probing it", e);
    }
  }

  /**
   * The workers' environment: {@code PATH} and {@code TZ} from the host (if set), the locale, then
   * the configured extras; {@code HOME} and {@code TMPDIR}, unless configured, are set per worker
   * to its own folder.
   */
  private static Map<String, String> environment(CPythonSettings settings) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : List.of("PATH", "TZ", "SYSTEMROOT")) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    env.put("LC_CTYPE", "C.UTF-8");
    env.putAll(settings.environment());
    return Map.copyOf(env);
  }
}
