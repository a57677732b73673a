package io.edrplaybook.benchmarks.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a stretch of work spent the JVM's CPU: per group of Java threads (named without their
 * trailing number), and the rest of the process (GC, JIT, the VM), which Java cannot see per
 * thread. Diagnostic only; a thread that ends inside the stretch loses its time to "other".
 */
public final class CpuBreakdown {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Map<Long, Long> start = new HashMap<>();
  private final long processStart;

  private CpuBreakdown() {
    for (long id : THREADS.getAllThreadIds()) {
      start.put(id, THREADS.getThreadCpuTime(id));
    }
    processStart = OS.getProcessCpuTime();
  }

  /** Starts measuring now. */
  public static CpuBreakdown start() {
    return new CpuBreakdown();
  }

  /** Returns nanoseconds of CPU per group since the start, divided by {@code per}; "other" last. */
  public Map<String, Double> perUnit(long per) {
    long process = OS.getProcessCpuTime() - processStart;
    Map<String, Double> out = new TreeMap<>();
    long javaThreads = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long now = THREADS.getThreadCpuTime(info.getThreadId());
      if (now < 0) {
        continue;
      }
      long used = now - start.getOrDefault(info.getThreadId(), 0L);
      javaThreads += used;
      String group = info.getThreadName().replaceAll("[-_ ]?\\d+$", "");
      out.merge(group, (double) used / per, Double::sum);
    }
    out.values().removeIf(v -> v < 0.05 * 1000);
    out.put("~other (GC, JIT, VM, ended threads)", (double) (process - javaThreads) / per);
    return out;
  }

  /** Formats {@link #perUnit} as {@code group=1.2µs, ...}. */
  public String describe(long per) {
    StringBuilder b = new StringBuilder();
    perUnit(per).forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(Table.time(v)));
    return b.toString();
  }
}
