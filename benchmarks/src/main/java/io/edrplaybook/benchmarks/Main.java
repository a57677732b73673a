package io.edrplaybook.benchmarks;

import io.edrplaybook.benchmarks.internal.Report;
import java.util.Arrays;

/**
 * The entry point of {@code edr-playbook-benchmarks.jar}: {@code report [--quick] [--json FILE]}
 * runs the benchmark report; {@code jmh [JMH options]} (or any other arguments) hands over to JMH's
 * own command line, e.g. {@code jmh RoutingBenchmark -f 1 -wi 3 -i 5}.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the report or JMH.
   *
   * @param args {@code report ...}, {@code jmh ...}, or JMH's options
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(io.edrplaybook.benchmarks.internal.JythonStartMeasure.CHILD)) {
      io.edrplaybook.benchmarks.internal.JythonStartMeasure.measureHere();
      System.exit(0);
    }
    if (args.length > 0 && args[0].equals("report")) {
      System.exit(Report.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    String[] jmh = args.length > 0 && args[0].equals("jmh") ? Arrays.copyOfRange(args, 1, args.length) : args;
    org.openjdk.jmh.Main.main(jmh);
  }
}
