package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.RunnerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The jython runner's start, as a host meets it, in a fresh JVM (Jython starts once per JVM): an
 * engine built with one HTTP-style script ({@code import json, urllib2, ssl}; builds a request,
 * sends nothing). {@code jython_build_ms}: {@code build()}; {@code jython_ready_ms}: from the
 * start of {@code build()} until {@link CorePlaybookEngine#runnersReady()} completes (slots warmed
 * up, the script's imports preloaded), with the JVM's CPU time until then ({@code
 * jython_ready_cpu_ms}: on a busy machine the wall time follows the load); {@code jython_first_run_ms}: then, the first event's run,
 * submit to outcome. Median of 3 JVMs (1 with {@code --quick}). {@code -Dbench.start.poolSize=N}
 * starts the runner with N slots instead of its default (one per processor).
 */
public final class JythonStartMeasure {
  /** The script: what a user's HTTP action imports and does before it sends. */
  static final String HTTP_SCRIPT = """
      import json
      import ssl
      try:
          from urllib2 import Request                   # Python 2.7 / Jython
      except ImportError:
          from urllib.request import Request            # Python 3

      def run(ctx):
          c = ctx["connector"]
          body = json.dumps({"address": ctx["event"]["device"]["address"], "ttl": 3600}).encode("utf-8")
          req = Request("https://%s:%d/api/block" % (c["host"], c["port"]), body,
                        {"Content-Type": "application/json", "Authorization": "Bearer " + c["auth"]["apiKey"]})
          return {"message": "would POST " + req.get_full_url()}
      """;

  private JythonStartMeasure() {}

  /** Runs the measure into {@code table}, each sample in a child JVM. */
  public static void run(boolean quick, Table table) throws IOException, InterruptedException {
    Samples build = new Samples();
    Samples ready = new Samples();
    Samples first = new Samples();
    Samples cpu = new Samples();
    int jvms = quick ? 1 : 3;
    for (int i = 0; i < jvms; i++) {
      double[] m = child();
      if (m == null) {
        table.target("jython_ready_ms", Double.NaN, "<=", 3000);
        table.target("jython_first_run_ms", Double.NaN, "<=", 50);
        return;
      }
      build.add(m[0]);
      ready.add(m[1]);
      first.add(m[2]);
      cpu.add(m[3]);
    }
    String note = "fresh JVM, one script importing json, urllib2, ssl (n=" + jvms + ")";
    table.row("jython start: build()", String.format(Locale.ROOT, "%.0f ms", build.median()), "", "", note);
    table.row("jython start: build() -> runners ready", String.format(Locale.ROOT, "%.0f ms", ready.median()), "", "",
        "slots warmed up, the script's imports preloaded; JVM CPU until then "
        + String.format(Locale.ROOT, "%.0f ms", cpu.median()));
    table.row("jython start: first run after ready", String.format(Locale.ROOT, "%.1f ms", first.median()), "", "",
        "submit -> outcome of the first event");
    table.key("jython_build_ms", Math.rint(build.median()));
    table.key("jython_ready_cpu_ms", Math.rint(cpu.median()));
    table.target("jython_ready_ms", Math.rint(ready.median()), "<=", 3000);
    table.target("jython_first_run_ms", Math.rint(first.median() * 10) / 10, "<=", 50);
  }

  /** Runs {@link #measureHere} in a child JVM on this class path; its three numbers, or null. */
  private static double[] child() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Integer slots = Integer.getInteger(POOL_SIZE);
    if (slots != null) {
      cmd.add("-D" + POOL_SIZE + "=" + slots);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.edrplaybook.benchmarks.Main");
    cmd.add(CHILD);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      System.err.println("note: the jython start measure failed: " + out);
      return null;
    }
    String[] f = out.lines().reduce((a, b) -> b).orElse("").split(" ");
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
        Double.parseDouble(f[3])};
  }

  private static final String POOL_SIZE = "bench.start.poolSize";

  /** The child JVM's argument. */
  public static final String CHILD = "jython-start-child";

  /** In the child JVM: prints "build_ms ready_ms first_run_ms". */
  public static void measureHere() throws Exception {
    Configuration cfg = Configuration.builder().organization(Workloads.ORG)
        .jumpBox(JumpBox.of(Workloads.ORG, "jb-1"))
        .action(Action.builder().organization(Workloads.ORG).name("Block Address").description("Blocks")
            .script(ActionScript.of("main", "block_address.py", HTTP_SCRIPT, "jython")).build())
        .connector(Connector.builder().organization(Workloads.ORG).name("Edge FW").jumpBox("jb-1")
            .host("fw.example").port(8443).apiKey("fw-key-0123456789").bind("Block Address").build())
        .playbook(Playbook.builder().organization(Workloads.ORG).name("Default").isDefault(true)
            .rule(PlaybookSection.REMEDIATION, "Block Address", ConnectorSelection.all(), Classification.MALICIOUS)
            .build())
        .build();
    long t0 = System.nanoTime();
    CorePlaybookEngine.Builder builder = CorePlaybookEngine.builder().configuration(cfg)
        .defaultTimeout(Duration.ofSeconds(60));
    Integer slots = Integer.getInteger(POOL_SIZE);
    if (slots != null) {
      builder.runnerSettings(new RunnerSettings("jython", Map.of("poolSize", slots)));
    }
    try (CorePlaybookEngine engine = builder.build()) {
      long built = System.nanoTime();
      engine.runnersReady().get(5, TimeUnit.MINUTES);
      long ready = System.nanoTime();
      long readyCpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean()).getProcessCpuTime();
      // the host has its event in hand when it submits: building it (and loading the harness's classes) is not
      // the engine's first run
      SecurityEvent first = Workloads.event("start-1", "g1", Classification.MALICIOUS);
      SecurityEvent second = Workloads.event("start-2", "g1", Classification.MALICIOUS);
      long runStart = System.nanoTime();
      EventOutcome o = engine.submit(first).toCompletableFuture().get(5, TimeUnit.MINUTES);
      long ran = System.nanoTime();
      if (o.results().size() != 1 || o.results().get(0).status() != InvocationStatus.SUCCEEDED) {
        throw new IllegalStateException("the first run did not succeed: " + o);
      }
      long t2 = System.nanoTime();
      engine.submit(second).toCompletableFuture().get(5, TimeUnit.MINUTES);
      long ran2 = System.nanoTime();
      long uptimeNow = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
      long nowNanos = System.nanoTime();
      // JVM uptimes, to read a -Xlog:class+load:…:uptime log or a recording of this JVM against
      System.err.printf(Locale.ROOT, "  jython start: second run %.2f ms; at JVM uptime %d ms ready, %d ms first run"
          + " submitted, %d ms ended%n", (ran2 - t2) / 1e6, uptimeNow - (nowNanos - ready) / 1_000_000,
          uptimeNow - (nowNanos - runStart) / 1_000_000, uptimeNow - (nowNanos - ran) / 1_000_000);
      System.out.printf(Locale.ROOT, "%.1f %.1f %.2f %.1f%n", (built - t0) / 1e6, (ready - t0) / 1e6, (ran - runStart) / 1e6,
          readyCpu / 1e6);
    }
  }
}
