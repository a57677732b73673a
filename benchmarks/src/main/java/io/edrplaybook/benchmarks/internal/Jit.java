package io.edrplaybook.benchmarks.internal;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * What the JIT compilers did during a stretch of work, and a warm-up that lasts until they are
 * quiet. On 2 cores the C2 compiler thread can take a whole core for tens of seconds after a JVM
 * starts on Jython, pgjdbc and the engine: a round timed then measures the compiler as much as the
 * work. A host that runs for months meets the steady state; its start is measured on its own
 * ({@code start}).
 */
final class Jit {
  private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();
  /** A round is steady when the compilers used at most this share of its wall time. */
  static final double QUIET = Double.parseDouble(System.getProperty("bench.jit.quiet", "0.05"));

  private final long compile0 = compileMillis();
  private final long wall0 = System.nanoTime();

  private Jit() {}

  /** Starts watching now. */
  static Jit watch() {
    return new Jit();
  }

  /** The compilers' time since the start, as a share of the wall time since then (0 when unknown). */
  double share() {
    long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wall0);
    return wallMillis <= 0 ? 0 : (double) (compileMillis() - compile0) / wallMillis;
  }

  /** One round of work to warm up with. */
  @FunctionalInterface
  interface Round {
    void run() throws Exception;
  }

  /**
   * Runs {@code round} for periods of at least a second each, until a period in which the compilers
   * took at most {@link #QUIET} of the wall time, or until {@code maxSeconds} have passed
   * ({@code -Dbench.jit.maxSeconds} overrides).
   *
   * @return the rounds run
   */
  static int warmUntilQuiet(Round round, int maxSeconds) throws Exception {
    long start = System.nanoTime();
    long until = start + TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.jit.maxSeconds", maxSeconds));
    int rounds = 0;
    double share;
    do {
      Jit jit = watch();
      long periodEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      do {
        round.run();
        rounds++;
      } while (System.nanoTime() - periodEnd < 0);
      share = jit.share();
      if (Boolean.getBoolean("bench.cpu")) {
        System.err.printf("  warm-up: %d rounds, %.1f s, JIT %.0f%% of the last period%n", rounds,
            (System.nanoTime() - start) / 1e9, share * 100);
      }
    } while (share > QUIET && System.nanoTime() - until < 0);
    return rounds;
  }

  private static long compileMillis() {
    return COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported()
        ? COMPILER.getTotalCompilationTime() : 0;
  }
}
