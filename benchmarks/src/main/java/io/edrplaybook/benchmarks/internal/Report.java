package io.edrplaybook.benchmarks.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code report [--quick] [--json FILE] [--only m1,m2] [--check] [--same-jvm]}: runs each measure in
 * a JVM of its own (as JMH forks: what one measure leaves in the JIT's profiles and in the heap — the
 * naive Jython runs define thousands of classes — must not slow the next), collects their rows, prints
 * the table and, with {@code --json}, writes the keys. {@code --same-jvm} runs them all in this
 * process instead. Measures: heap, routing,
 * jython, start (the jython runner's start in a fresh JVM), cpython, e2e, journal, durable, pg, http (a real HTTP call with JSON in and out,
 * {@link RealHttpMeasure}).
 */
public final class Report {
  private static final List<String> ALL =
      List.of("heap", "routing", "jython", "start", "cpython", "e2e", "journal", "durable", "pg", "http");

  /** The option of a child JVM: run the measures here and save the table to the file that follows. */
  private static final String PART = "--part";

  private Report() {}

  /** Runs the report; returns the process exit code. */
  public static int run(String[] args) throws Exception {
    boolean quick = false;
    boolean check = false;
    boolean sameJvm = false;
    Path json = null;
    Path part = null;
    Set<String> only = new LinkedHashSet<>(ALL);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--check" -> check = true;
        case "--json" -> json = Path.of(value(args, ++i, "--json"));
        case "--only" -> only = new LinkedHashSet<>(List.of(value(args, ++i, "--only").split(",")));
        case "--same-jvm" -> sameJvm = true;
        case PART -> part = Path.of(value(args, ++i, PART));
        default -> {
          System.err.println("Unknown option \"" + args[i] + "\"; usage: report [--quick] [--json FILE] "
              + "[--only " + String.join(",", ALL) + "] [--check] [--same-jvm]");
          return 2;
        }
      }
    }
    List<String> unknown = new ArrayList<>(only);
    unknown.removeAll(ALL);
    if (!unknown.isEmpty()) {
      System.err.println("Unknown measure(s) " + unknown + "; known: " + ALL);
      return 2;
    }
    long start = System.nanoTime();
    Table table = new Table();
    if (part != null) { // a measure in a JVM of its own: its part of the table goes back in a file
      for (String m : only) {
        measure(m, quick, table);
      }
      table.save(part);
      return 0;
    }
    System.out.println("edr-playbook benchmark report" + (quick ? " (--quick)" : "")
        + (sameJvm ? ", every measure in this JVM" : ", each measure in a JVM of its own"));
    System.out.println(machine());
    System.out.println();
    for (String m : ALL) {
      if (!only.contains(m)) {
        continue;
      }
      long t0 = System.nanoTime();
      System.err.printf("... %s%n", m);
      if (sameJvm) {
        measure(m, quick, table);
      } else {
        fork(m, quick, table);
      }
      System.err.printf("... %s done in %.1f s%n", m, (System.nanoTime() - t0) / 1e9);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    table.key("report_seconds", Math.rint(seconds * 10) / 10);
    table.print(System.out);
    System.out.printf(Locale.ROOT, "%nreport took %.1f s%n", seconds);
    if (json != null) {
      table.writeJson(json);
      System.out.println("wrote " + json);
    }
    return check && !table.allHold() ? 1 : 0;
  }

  private static void measure(String m, boolean quick, Table table) throws Exception {
    switch (m) {
      case "heap" -> HeapMeasure.run(quick, table);
      case "routing" -> RoutingMeasure.run(quick, table);
      case "jython" -> JythonMeasure.run(quick, table);
      case "start" -> JythonStartMeasure.run(quick, table);
      case "cpython" -> CPythonMeasure.run(quick, table);
      case "journal" -> JournalMeasure.run(quick, table);
      case "durable" -> DurableMeasure.run(quick, table);
      case "pg" -> PostgresMeasure.run(quick, table);
      case "http" -> RealHttpMeasure.run(quick, table);
      default -> EndToEndMeasure.run(quick, table);
    }
  }

  /**
   * Runs measure {@code m} in a child JVM with this JVM's options and class path, and adds its rows
   * and keys to {@code table}.
   */
  private static void fork(String m, boolean quick, Table table) throws Exception {
    Path file = Files.createTempFile("edr-playbook-bench-" + m, ".json");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(childOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("io.edrplaybook.benchmarks.Main");
      cmd.add("report");
      if (quick) {
        cmd.add("--quick");
      }
      cmd.addAll(List.of("--only", m, PART, file.toString()));
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      if (!p.waitFor(2, TimeUnit.HOURS)) {
        p.destroyForcibly();
        throw new IllegalStateException("measure " + m + " did not end within 2 hours in its JVM");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("measure " + m + " failed in its JVM (exit " + p.exitValue() + ")");
      }
      table.merge(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * The options of this JVM a measure's JVM gets: all but those that name one file or port for the
   * whole JVM (a flight recording, a debugger's socket, a log file), which several JVMs would fight
   * over; profile a measure in its JVM with {@code --only} and {@code --part}, or with {@code --same-jvm}.
   */
  static List<String> childOptions(List<String> options) {
    List<String> kept = new ArrayList<>();
    for (String o : options) {
      boolean ownsAFile = o.startsWith("-XX:StartFlightRecording") || o.startsWith("-agentlib:jdwp")
          || o.startsWith("-Xrunjdwp") || o.startsWith("-Xlog:") && o.contains("file=");
      if (!ownsAFile) {
        kept.add(o);
      }
    }
    return kept;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static String machine() {
    var rt = ManagementFactory.getRuntimeMXBean();
    return String.format(Locale.ROOT, "%d CPUs, %s %s (%s), heap max %d MiB, args %s",
        Runtime.getRuntime().availableProcessors(), rt.getVmName(), rt.getVmVersion(),
        System.getProperty("os.arch"), Runtime.getRuntime().maxMemory() >> 20, rt.getInputArguments());
  }
}
