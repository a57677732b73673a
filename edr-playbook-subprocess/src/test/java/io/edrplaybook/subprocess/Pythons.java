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

  /** A ctx of a run for connector {@code connector} of organization {@code org}, plus {@code extra}. */
  static Map<String, Object> tenantCtx(String org, String connector, Map<String, Object> extra) {
    Map<String, Object> ctx = new java.util.HashMap<>(extra);
    ctx.put("connector", Map.of("organization", org, "name", connector, "jumpBox", "jb-" + connector,
        "auth", Map.of("type", "apiKey", "apiKey", "key-of-" + org + "-" + connector)));
    ctx.put("event", Map.of("id", "ev-1", "organization", org));
    return ctx;
  }

  private static Boolean namespaces;

  /** Returns whether workers can run in their own PID namespace here (for {@code @EnabledIf}). */
  static synchronized boolean hasPidNamespaces() {
    if (namespaces == null) {
      try (ScriptRunner r = runner("pidNamespace", "required")) {
        namespaces = true;
      } catch (RuntimeException e) {
        namespaces = false;
      }
    }
    return namespaces;
  }

  /** Host pids of processes whose environment holds {@code marker} (Linux). */
  static List<Long> processesMarked(String marker) {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        try {
          if (new String(Files.readAllBytes(proc.resolve("environ")), java.nio.charset.StandardCharsets.UTF_8)
              .contains(marker)) {
            found.add(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // gone meanwhile, or not readable
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return found;
  }

  /** Waits (up to 10 s) until no live process holds {@code marker}; returns those still there. */
  static List<Long> awaitNoProcessMarked(String marker) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Long> left = processesMarked(marker);
    while (!left.isEmpty() && System.nanoTime() < until) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      left = left.stream().filter(pid -> !goneNow(pid)).toList();
    }
    return left;
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
