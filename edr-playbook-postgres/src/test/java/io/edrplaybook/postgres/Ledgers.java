package io.edrplaybook.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the cluster nodes' ledgers: what really ran, outside the journal. */
final class Ledgers {
  /** One run as a ledger saw it; end is -1 when the run never ended (its node was killed). */
  record Run(String key, String invocation, long start, long end) {}

  private Ledgers() {}

  static List<Run> read(List<Path> ledgers) {
    List<Run> out = new ArrayList<>();
    for (Path p : ledgers) {
      Map<String, long[]> open = new HashMap<>();
      Map<String, String> keys = new HashMap<>();
      List<String> lines;
      try {
        lines = Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String line : lines) {
        String[] w = line.split(" ");
        if (w.length < 4) {
          continue; // a line torn by kill -9
        }
        if (w[0].equals("start")) {
          open.put(w[3], new long[] {Long.parseLong(w[1]), -1});
          keys.put(w[3], w[2]);
        } else if (w[0].equals("end") && open.containsKey(w[3])) {
          open.get(w[3])[1] = Long.parseLong(w[1]);
        }
      }
      open.forEach((inv, t) -> out.add(new Run(keys.get(inv), inv, t[0], t[1])));
    }
    return out;
  }

  /** Returns how many times each key ran. */
  static Map<String, Integer> counts(List<Run> runs) {
    Map<String, Integer> out = new HashMap<>();
    runs.forEach(r -> out.merge(r.key(), 1, Integer::sum));
    return out;
  }

  /** Returns the most runs of keys matching {@code connector} that were running at one instant. */
  static int mostAtOnce(List<Run> runs, String connector) {
    List<long[]> edges = new ArrayList<>();
    for (Run r : runs) {
      if (r.key().endsWith("/" + connector) && r.end() >= 0) {
        edges.add(new long[] {r.start(), 1});
        edges.add(new long[] {r.end(), -1});
      }
    }
    // at one instant, an end comes before a start: touching runs do not overlap
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int most = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }
}
