package io.edrplaybook.subprocess;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Test helpers: finding interpreters, running inline scripts, inspecting processes. */
final class Pythons {
  private static final AtomicLong CALLS = new AtomicLong();
  private static Optional<String> python27;

  private Pythons() {}

  /** Creates a cpython runner with {@code key, value} settings pairs. */
  static ScriptRunner runner(Object... keysAndValues) {
    RunnerSettings s = RunnerSettings.empty("cpython");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      s = s.with((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new SubprocessScriptRunnerProvider().create(s);
  }

  static CompiledScript compile(ScriptRunner runner, String file, String text) {
    return runner.compile(new ScriptSource(file.replace(".py", ""), file, text));
  }

  static ScriptOutcome run(ScriptRunner runner, CompiledScript script, Map<String, Object> ctx,
      Duration timeout) {
    return runner.run(script, new ScriptCall(EntryPoint.RUN, ctx, timeout, "t-" + CALLS.incrementAndGet()));
  }

  static ScriptOutcome run(ScriptRunner runner, String text, Map<String, Object> ctx) {
    return run(runner, compile(runner, "inline.py", text), ctx, Duration.ofSeconds(20));
  }

  /** Returns whether this machine has a working Python 2.7 (for {@code @EnabledIf}). */
  static boolean hasPython27() {
    return python27().isPresent();
  }

  /**
   * Finds a working Python 2.7: {@code python2.7} on PATH (if it actually runs: a pyenv shim may
   * not), else {@code ~/.pyenv/versions/2.7*}/bin/python2.7.
   */
  static synchronized Optional<String> python27() {
    if (python27 == null) {
      python27 = findPython27();
    }
    return python27;
  }

  private static Optional<String> findPython27() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "python2.7"));
      }
    }
    Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    if (Files.isDirectory(versions)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(versions, "2.7*")) {
        dirs.forEach(d -> candidates.add(d.resolve("bin").resolve("python2.7")));
      } catch (IOException e) {
        // none there
      }
    }
    return candidates.stream().filter(Pythons::runs).map(Path::toString).findFirst();
  }

  private static boolean runs(Path exe) {
    if (!Files.isExecutable(exe)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(exe.toString(), "-c", "pass").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Returns whether process {@code pid} is gone (or a zombie nobody reaped yet), allowing the
   * kernel up to 5 s to finish a process that was sent SIGKILL.
   */
  static boolean gone(long pid) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!goneNow(pid)) {
      if (System.nanoTime() > until) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  private static boolean goneNow(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat);
      char state = s.charAt(s.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException e) {
      return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }
  }
}
