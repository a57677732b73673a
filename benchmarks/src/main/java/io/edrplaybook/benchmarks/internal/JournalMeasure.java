package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.FileJournal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The file journal at scale: a {@link FileJournal} holding N events of history (2 000 000; 200 000
 * with {@code --quick}), each one classification and one run that succeeded (claim, start, result),
 * as the engine writes them. Built once in a directory under {@code java.io.tmpdir} and reused by
 * later reports ({@code -Dbench.journal.dir} picks another). Measured: the directory's bytes per
 * event (segments, index, checkpoint, names: every file), and the time to open the journal plus
 * the first {@code history()} of one of its oldest events (median of 5 opens), with the bytes the
 * opening thread allocated meanwhile (an upper bound of the heap the open uses) and the heap it
 * retains; and, in a fresh journal, the heap retained per event written while it stays open.
 */
public final class JournalMeasure {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private JournalMeasure() {}

  /** Runs the measure into {@code table}. */
  public static void run(boolean quick, Table table) throws IOException, InterruptedException {
    int events = quick ? 200_000 : 2_000_000;
    Path dir = Path.of(System.getProperty("bench.journal.dir",
        Path.of(System.getProperty("java.io.tmpdir"), "edr-playbook-bench-journal-" + events + "-v1").toString()));
    Path done = dir.resolveSibling(dir.getFileName() + ".complete");
    if (!Files.exists(done)) {
      deleteTree(dir);
      long t0 = System.nanoTime();
      build(dir, events);
      double s = (System.nanoTime() - t0) / 1e9;
      Files.writeString(done, "built " + events + " events in " + s + " s\n");
      table.row("journal: write, 1 thread (" + events + " events)", String.format(Locale.ROOT, "%,.0f", events / s),
          "", "", "events/s, each 4 records (classification, claim, start, result), Sync.WRITE");
      table.key("journal_write_events_per_s", Math.rint(events / s));
    }
    long bytes = size(dir);
    double perEvent = (double) bytes / events;
    table.row("journal: disk per event", String.format(Locale.ROOT, "%.0f B", perEvent), "", "",
        "every file of the directory / " + events + " events (one classification + one run each)");
    table.target("journal_disk_bytes_per_event", Math.rint(perEvent), "<=", 400);

    Samples openNanos = new Samples();
    Samples allocated = new Samples();
    long retained = 0;
    for (int rep = 0; rep < 5; rep++) {
      long before = settledHeap();
      long alloc0 = allocatedBytes();
      long t0 = System.nanoTime();
      FileJournal j = FileJournal.open(dir);
      List<HistoryEntry> h = j.history(new EventKey(org(rep * 7), eventId(rep * 7)));
      long t1 = System.nanoTime();
      long alloc1 = allocatedBytes();
      if (h.size() != 3) {
        j.close();
        throw new IllegalStateException("event " + eventId(rep * 7) + " has " + h.size() + " entries, expected 3");
      }
      retained = Math.max(retained, settledHeap() - before);
      j.close();
      openNanos.add(t1 - t0);
      allocated.add(alloc1 - alloc0);
    }
    table.latency("journal: open + first history() (" + events + " events)", openNanos, "",
        "files in the page cache; allocated " + mib(allocated.median()) + ", retained " + mib(retained));
    table.target("journal_open_ms", Math.rint(openNanos.median() / 1e5) / 10, "<=", 2000);
    table.target("journal_open_heap_mib", Math.rint(allocated.median() / (1 << 20) * 100) / 100, "<=", 64);
    table.key("journal_open_retained_mib", Math.rint((double) retained / (1 << 20) * 100) / 100);
    heapSlope(quick ? 50_000 : 200_000, table);
  }

  /**
   * The journal's own heap per event while open: retained heap after 2N events minus after N,
   * divided by N, in a fresh journal (its bounded cache is full after N).
   */
  private static void heapSlope(int n, Table table) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("edr-playbook-bench-journal-heap");
    try {
      FileJournal j = FileJournal.open(dir);
      try {
        write(j, 0, n);
        long afterN = settledHeap();
        write(j, n, 2 * n);
        long after2N = settledHeap();
        double perEvent = (double) (after2N - afterN) / n;
        table.row("journal: heap per event, open journal", String.format(Locale.ROOT, "%.1f B", perEvent), "", "",
            "retained after " + 2 * n + " events minus after " + n + ", / " + n);
        table.key("journal_heap_bytes_per_event", Math.rint(perEvent * 10) / 10);
      } finally {
        j.close();
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static String org(int n) {
    return "org-" + (n % 10);
  }

  private static String eventId(int n) {
    return String.format(Locale.ROOT, "%016x", n * 0x9E3779B97F4A7C15L);
  }

  /** Builds the journal of {@code events} events. */
  private static void build(Path dir, int events) {
    try (FileJournal j = FileJournal.open(dir)) {
      write(j, 0, events);
    }
  }

  /** Writes events {@code from} to {@code to} the way the engine does. */
  private static void write(FileJournal j, int from, int to) {
    for (int n = from; n < to; n++) {
      Instant at = T0.plusMillis(n);
      String id = eventId(n);
      j.classify(new ClassificationChange(id, org(n), Classification.MALICIOUS, Optional.empty(), at,
          Optional.of("Laptops"), "playbook \"Laptops\" applies: device group Laptops"));
      Invocation i = new Invocation("3f2a9c1e-5b7d-" + Long.toHexString(n + 1), id, org(n), Classification.MALICIOUS,
          "Block Address", "Edge Firewall", "block_address.py", "jython", "jb-1", false, 1);
      j.claim(i);
      j.started(new InvocationStarted(i, at.plusMillis(1)));
      String blocked = "blocked 10.0." + (n >> 8 & 255) + "." + (n & 255);
      j.finished(new InvocationResult(i, InvocationStatus.SUCCEEDED, at.plusMillis(1), Duration.ofMillis(4), blocked,
          Optional.of(Map.of("message", blocked)), "", false, Optional.empty()));
    }
  }


  private static long size(Path dir) throws IOException {
    long n = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        n += Files.size(p);
      }
    }
    return n;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  private static long allocatedBytes() {
    var threads = ManagementFactory.getThreadMXBean();
    if (threads instanceof com.sun.management.ThreadMXBean t) {
      return t.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return 0;
  }

  /** Heap in use after full collections, once two readings in a row agree within 64 KiB. */
  private static long settledHeap() throws InterruptedException {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 8; i++) {
      System.gc();
      Thread.sleep(20);
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (Math.abs(used - last) < 64 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }

  private static String mib(double bytes) {
    return String.format(Locale.ROOT, "%.2f MiB", bytes / (1 << 20));
  }
}
