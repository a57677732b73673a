package io.edrplaybook.subprocess;

import io.edrplaybook.spi.ScriptRunner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A host for {@link HostDeathTest}, run in its own JVM: starts a run that sleeps, prints
 * {@code READY} and the pids of its worker processes, then waits to be killed.
 */
public final class HostProcess {
  private HostProcess() {}

  /** {@code args[0]}: the pidNamespace setting. */
  public static void main(String[] args) throws Exception {
    ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", args[0]);
    var script = Pythons.compile(runner, "sleep.py", "import time\ndef run(ctx):\n"
        + "    open(ctx['started'], 'w').close()\n    time.sleep(300)\n");
    java.nio.file.Path started = java.nio.file.Files.createTempDirectory("host-").resolve("started");
    Thread t = new Thread(() -> Pythons.run(runner, script, Map.of("started", started.toString()),
        Duration.ofMinutes(5)));
    t.setDaemon(true);
    t.start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String pids = "";
    while (System.nanoTime() < until) {
      // the compile worker and the run's worker, with everything they started
      if (java.nio.file.Files.exists(started)) {
        pids = ProcessHandle.current().descendants().map(p -> Long.toString(p.pid()))
            .collect(Collectors.joining(" "));
        break;
      }
      Thread.sleep(20);
    }
    System.out.println("READY " + pids);
    System.out.flush();
    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
  }
}
