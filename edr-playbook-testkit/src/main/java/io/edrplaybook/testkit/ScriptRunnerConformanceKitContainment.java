package io.edrplaybook.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance cases of what a script must not reach: the connector's secrets and the host's
 * variables in its environment, and processes it started that outlive its deadline. Subclass
 * {@link ScriptRunnerConformanceKit}, not this.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScriptRunnerConformanceKitContainment extends ScriptRunnerConformanceKitRuntime {
  /** The deadline of the process case: long enough to start two interpreters on a loaded machine. */
  private static final Duration PROCESS_DEADLINE = Duration.ofSeconds(5);

  /**
   * No variable of the script's environment holds the connector's secret (it reaches a script
   * only in {@code ctx}) nor the value of a host variable the script may not see.
   */
  @Test
  public void neitherTheConnectorsSecretNorTheHostsVariablesAreInTheScriptsEnvironment() {
    assumeSupported(Capability.MINIMAL_ENVIRONMENT);
    String secret = "kit-secret-" + UUID.randomUUID();
    Map<String, Object> needles = new LinkedHashMap<>();
    needles.put("the connector's API key", secret);
    needles.putAll(hostValuesAScriptMustNotSee());
    Map<String, Object> connector = ctx("name", "Kit EDR", "organization", "kit-org",
        "auth", ctx("type", "apiKey", "apiKey", secret));
    Map<String, Object> seen = succeeded(run("environ_secrets.py", ctx("connector", connector,
        "needles", needles)));
    assertEquals(List.of(), seen.get("found"), "values a script's environment must not hold (label in"
        + " variable name; values not shown): secrets reach a script only through ctx");
  }

  /**
   * A script that started a child which started a grandchild, then ran past its deadline, leaves
   * none of them running once its run has ended.
   */
  @Test
  public void processesAScriptStartedAreGoneAfterItsDeadline() throws IOException {
    assumeSupported(Capability.PROCESS_CLEANUP);
    String marker = "edr-kit-process-" + UUID.randomUUID();
    Path dir = Files.createTempDirectory("edr-kit-processes-");
    Path started = dir.resolve("started");
    try {
      ScriptOutcome outcome = run("grandchild.py", EntryPoint.RUN,
          ctx("marker", marker, "started", started.toString()), PROCESS_DEADLINE);
      assertEquals(Status.TIMED_OUT, outcome.status(), () -> describe(outcome));
      assertTrue(Files.exists(started), () -> "grandchild.py could not start its processes within "
          + PROCESS_DEADLINE + " (" + describe(outcome) + "); a runner whose scripts cannot start"
          + " processes declares PROCESS_CLEANUP unsupported");
      List<String> left = awaitGone(marker, runner().grace().plus(GUARD_SLACK));
      assertEquals(List.of(), left, "processes grandchild.py started must be gone once its run ended"
          + " past the deadline (pid: command line)");
    } finally {
      ProcessHandle.allProcesses().filter(p -> marked(p, marker)).forEach(ProcessHandle::destroyForcibly);
      ScriptRunnerConformanceKitSupport.deleteTree(dir);
    }
    assertHealthy();
  }

  /**
   * Values of the host's variables that are not {@link #minimalEnvironmentNames()} nor configured,
   * labelled by name: those at least 8 characters long that are not file system paths (a runner may
   * well put the interpreter's folder on a script's {@code PATH}) nor part of a value a script may
   * see.
   */
  private Map<String, Object> hostValuesAScriptMustNotSee() {
    List<String> allowed = new ArrayList<>(configuredEnvironment().values());
    System.getenv().forEach((k, v) -> {
      if (minimalEnvironmentNames().contains(k)) {
        allowed.add(v);
      }
    });
    Map<String, Object> needles = new LinkedHashMap<>();
    System.getenv().forEach((name, value) -> {
      if (!minimalEnvironmentNames().contains(name) && !configuredEnvironment().containsKey(name)
          && value.length() >= 8 && !looksLikeAPath(value) && allowed.stream().noneMatch(a -> a.contains(value))) {
        needles.put("the host's " + name, value);
      }
    });
    return needles;
  }

  private static boolean looksLikeAPath(String value) {
    return value.startsWith("/") || value.startsWith("~") || value.matches("(?s)[A-Za-z]:[\\\\/].*")
        || value.contains(java.io.File.pathSeparator + "/");
  }

  /** Waits, at most {@code within}, until no process has {@code marker} on its command line. */
  private static List<String> awaitGone(String marker, Duration within) {
    long until = System.nanoTime() + within.toNanos();
    List<String> left = new ArrayList<>();
    for (ProcessHandle p : ProcessHandle.allProcesses().filter(h -> marked(h, marker)).toList()) {
      try {
        p.onExit().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        left.add(p.pid() + ": " + p.info().commandLine().orElse("?"));
      } catch (ExecutionException e) {
        throw new UncheckedIOException(new IOException("Could not watch process " + p.pid(), e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        left.add(p.pid() + ": (interrupted while waiting)");
      }
    }
    return left;
  }

  private static boolean marked(ProcessHandle p, String marker) {
    return p.isAlive() && p.info().commandLine().map(c -> c.contains(marker)).orElse(false);
  }
}
