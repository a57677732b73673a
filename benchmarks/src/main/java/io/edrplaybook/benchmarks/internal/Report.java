package io.edrplaybook.benchmarks.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code report [--quick] [--json FILE] [--only m1,m2] [--check]}: runs every measure in this one
 * process, prints the table and, with {@code --json}, writes the keys. Measures: heap, routing,
 * jython, start (the jython runner's start in a fresh JVM), cpython, e2e, journal, durable, pg, http (a real HTTP call with JSON in and out,
 * {@link RealHttpMeasure}).
 */
public final class Report {
  private static final List<String> ALL =
      List.of("heap", "routing", "jython", "start", "cpython", "e2e", "journal", "durable", "pg", "http");

  private Report() {}

  /** Runs the report; returns the process exit code. */
  public static int run(String[] args) throws Exception {
    boolean quick = false;
    boolean check = false;
    Path json = null;
    Set<String> only = new LinkedHashSet<>(ALL);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--check" -> check = true;
        case "--json" -> json = Path.of(value(args, ++i, "--json"));
        case "--only" -> only = new LinkedHashSet<>(List.of(value(args, ++i, "--only").split(",")));
        default -> {
          System.err.println("Unknown option \"" + args[i] + "\"; usage: report [--quick] [--json FILE] "
              + "[--only " + String.join(",", ALL) + "] [--check]");
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
    System.out.println("edr-playbook benchmark report" + (quick ? " (--quick)" : ""));
    System.out.println(machine());
    System.out.println();
    Table table = new Table();
    for (String m : ALL) {
      if (!only.contains(m)) {
        continue;
      }
      long t0 = System.nanoTime();
      System.err.printf("... %s%n", m);
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
