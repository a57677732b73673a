package io.edrplaybook.benchmarks.internal;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code report [--quick] [--json FILE] [--only m1,m2] [--check] [--same-jvm] [--no-pretouch]}: runs
 * each measure in a JVM of its own (as JMH forks: what one measure leaves in the JIT's profiles and in
 * the heap — the naive Jython runs define thousands of classes — must not slow the next), collects
 * their rows, prints the table and, with {@code --json}, writes the keys. {@code --same-jvm} runs them
 * all in this process instead.
 *
 * <p>A measure's JVM gets a heap of a fixed size touched before {@code main} ({@link #STEADY_HEAP}),
 * unless this JVM was given a heap size or pre-touch option or {@code --no-pretouch}: the measures are
 * of a host's steady state, whose heap pages were touched long ago, and on some virtual machines the
 * first touch of a page costs 10–15 µs ({@link #pageFirstTouchMicros}, printed with the machine),
 * which in a JVM whose heap is still growing is most of a measure's time. Measures: heap, routing,
 * jython, start (the jython runner's start in a fresh JVM), cpython, e2e, journal, durable, pg, http (a real HTTP call with JSON in and out,
 * {@link RealHttpMeasure}).
 */
public final class Report {
  private static final List<String> ALL =
      List.of("heap", "routing", "jython", "start", "cpython", "e2e", "journal", "durable", "pg", "http");

  /** The options a measure's JVM gets unless told otherwise: a fixed heap, touched before main. */
  static final List<String> STEADY_HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

  /** The option of a child JVM: run the measures here and save the table to the file that follows. */
  private static final String PART = "--part";

  private Report() {}

  /** Runs the report; returns the process exit code. */
  public static int run(String[] args) throws Exception {
    boolean quick = false;
    boolean check = false;
    boolean sameJvm = false;
    boolean pretouch = true;
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
        case "--no-pretouch" -> pretouch = false;
        case PART -> part = Path.of(value(args, ++i, PART));
        default -> {
          System.err.println("Unknown option \"" + args[i] + "\"; usage: report [--quick] [--json FILE] "
              + "[--only " + String.join(",", ALL) + "] [--check] [--same-jvm] [--no-pretouch]");
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
    List<String> options = childOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(),
        pretouch && !sameJvm);
    System.out.println(machine());
    double firstTouch = pageFirstTouchMicros();
    System.out.printf(Locale.ROOT, "first touch of a 4 KiB page %.2f µs; measures' JVMs: %s%n%n", firstTouch,
        sameJvm ? "none (--same-jvm)" : options);
    table.key("machine_page_first_touch_us", Math.rint(firstTouch * 100) / 100);
    for (String m : ALL) {
      if (!only.contains(m)) {
        continue;
      }
      long t0 = System.nanoTime();
      System.err.printf("... %s%n", m);
      if (sameJvm) {
        measure(m, quick, table);
      } else {
        fork(m, quick, options, table);
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
  private static void fork(String m, boolean quick, List<String> options, Table table) throws Exception {
    Path file = Files.createTempFile("edr-playbook-bench-" + m, ".json");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(options);
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
   * With {@code pretouch}, and unless {@code options} size the heap or say whether to pre-touch it,
   * {@link #STEADY_HEAP} as well.
   */
  static List<String> childOptions(List<String> options, boolean pretouch) {
    List<String> kept = new ArrayList<>();
    boolean heapChosen = false;
    for (String o : options) {
      boolean ownsAFile = o.startsWith("-XX:StartFlightRecording") || o.startsWith("-agentlib:jdwp")
          || o.startsWith("-Xrunjdwp") || o.startsWith("-Xlog:") && o.contains("file=");
      if (!ownsAFile) {
        kept.add(o);
      }
      heapChosen |= o.startsWith("-Xms") || o.startsWith("-Xmx") || o.startsWith("-XX:InitialHeapSize")
          || o.startsWith("-XX:MaxHeapSize") || o.endsWith("AlwaysPreTouch");
    }
    if (pretouch && !heapChosen) {
      kept.addAll(STEADY_HEAP);
    }
    return kept;
  }

  /**
   * What the first write to a 4 KiB page of fresh memory costs on this machine, in µs: the time to
   * allocate 64 MiB of direct memory (which the JDK zeroes, so the kernel maps every page of it),
   * less the time to fill as many bytes already mapped, per page; the least of three. About 0.1–0.3
   * µs on bare metal; 10–15 µs on some virtual machines.
   */
  static double pageFirstTouchMicros() {
    int size = 64 << 20;
    byte[] mapped = new byte[size];
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3; attempt++) {
      Arrays.fill(mapped, (byte) attempt);
      long t0 = System.nanoTime();
      Arrays.fill(mapped, (byte) (attempt + 1));
      long fill = System.nanoTime() - t0;
      long t1 = System.nanoTime();
      ByteBuffer fresh = ByteBuffer.allocateDirect(size);
      long first = System.nanoTime() - t1;
      if (fresh.get(size - 1) != 0 || mapped[size - 1] != attempt + 1) {
        throw new IllegalStateException("memory is not what was written");
      }
      best = Math.min(best, Math.max(0, first - fill));
    }
    return best / 1000.0 / (size / 4096);
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
