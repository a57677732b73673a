package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.core.internal.journal.JournalCodec;
import io.edrplaybook.spi.RunClaim;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file journal's storage: segments, restart, retention, crash, one writer, bounded records. */
class FileJournalStorageTest {
  private static final long SMALL_SEGMENT = 64 * 1024;
  private static final Instant NOW = Instant.ofEpochMilli(System.currentTimeMillis());

  @TempDir
  Path dir;

  private static Invocation run(String eventId) {
    return new Invocation("0d5c2a1e-7f3b-" + Long.toHexString(eventId.hashCode() & 0xFFFFFFL), eventId, "acme",
        Classification.MALICIOUS, "Block Address", "Edge FW", "firewall.py", "jython", "jb-1", false, 1);
  }

  /** One classification and one run that succeeded: what most events leave. */
  private static void event(FileJournal j, String eventId, Instant at) {
    j.classify(new ClassificationChange(eventId, "acme", Classification.MALICIOUS, Optional.empty(), at,
        Optional.of("Laptops"), "playbook \"Laptops\" applies"));
    Invocation i = run(eventId);
    assertTrue(j.claim(i).granted(), "fresh key " + i.runKey());
    j.started(new InvocationStarted(i, at));
    assertTrue(j.finished(new InvocationResult(i, InvocationStatus.SUCCEEDED, at, Duration.ofMillis(12),
        "blocked 10.0.0.1", Optional.of(Map.of("message", "blocked 10.0.0.1")), "", false, Optional.empty())));
  }

  private static EventKey key(String eventId) {
    return new EventKey("acme", eventId);
  }

  private static void assertHeldAfterSuccess(FileJournal j, String eventId) {
    RunKey k = run(eventId).runKey();
    assertEquals(Optional.of(RunClaim.held(k, Optional.of(InvocationStatus.SUCCEEDED))), j.claimOf(k),
        "the claim of " + eventId);
  }

  @Test
  void aRestartAcrossSegmentRotationsFindsEveryEventsHistoryAndClaims() throws IOException {
    Path journal = dir.resolve("journal");
    List<HistoryEntry> first;
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).open()) {
      for (int n = 0; n < 3000; n++) {
        event(j, "ev-" + n, NOW);
      }
      first = j.history(key("ev-0"));
    }
    assertTrue(JournalFiles.segments(journal).size() > 5, "rotated: " + JournalFiles.segments(journal));
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).open()) {
      assertEquals(first, j.history(key("ev-0")), "history of an event in the first segment");
      assertEquals(3, j.history(key("ev-2999")).size(), "history of an event in the last segment");
      for (int n = 0; n < 3000; n += 97) {
        assertHeldAfterSuccess(j, "ev-" + n);
      }
      assertEquals(List.of(), j.recoverInterrupted(NOW), "nothing was open");
      event(j, "ev-3000", NOW);
    }
    // without its checkpoint the journal replays the whole log; without its index, it rebuilds it
    Files.delete(journal.resolve("checkpoint.dat"));
    Files.delete(journal.resolve("index.dat"));
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).open()) {
      assertEquals(first, j.history(key("ev-0")), "history after a rebuild of the index");
      assertHeldAfterSuccess(j, "ev-1500");
      assertHeldAfterSuccess(j, "ev-3000");
    }
  }

  @Test
  void damageInsideAnOlderSegmentIsReportedAndNeverCutAway() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).open()) {
      for (int n = 0; n < 1000; n++) {
        event(j, "ev-" + n, NOW);
      }
    }
    Path first = JournalFiles.segments(journal).get(0);
    long size = Files.size(first);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(first,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}), size / 2);
    }
    Files.delete(journal.resolve("checkpoint.dat"));
    JournalException e = assertThrows(JournalException.class,
        () -> FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).open());
    assertTrue(e.getMessage().contains(first.toString()) && e.getMessage().contains("not a torn write"),
        e.getMessage());
    assertEquals(size, Files.size(first), "nothing was cut");
  }

  @Test
  void retentionDeletesWholeSegmentsOlderThanTheCutoffAndKeepsTheRecentOnes() throws IOException {
    Path journal = dir.resolve("journal");
    Instant old = NOW.minus(Duration.ofDays(40));
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).open()) {
      for (int n = 0; n < 1000; n++) {
        event(j, "old-" + n, old);
      }
      j.rotate();
      for (int n = 0; n < 1000; n++) {
        event(j, "new-" + n, NOW);
      }
      int before = JournalFiles.segments(journal).size();
      long removed = j.forgetBefore(NOW.minus(Duration.ofDays(30)));
      assertTrue(removed >= 3000, "the records of 1000 old events went: " + removed);
      assertTrue(JournalFiles.segments(journal).size() < before, "whole segment files are deleted");
      assertEquals(List.of(), j.history(key("old-0")), "an old event is forgotten");
      assertEquals(List.of(), j.history(key("old-999")), "an old event is forgotten");
      assertEquals(3, j.history(key("new-0")).size(), "a recent event is kept");
    }
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).open()) {
      assertEquals(List.of(), j.history(key("old-500")), "still forgotten after a restart");
      assertTrue(j.claim(run("old-500")).granted(), "a forgotten event is a new event");
      assertHeldAfterSuccess(j, "new-999");
    }
  }

  @Test
  void aRetentionSetOnTheBuilderForgetsOldSegmentsAtOpen() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).open()) {
      for (int n = 0; n < 500; n++) {
        event(j, "old-" + n, NOW.minus(Duration.ofDays(10)));
      }
    }
    try (FileJournal j = FileJournal.builder(journal).segmentSize(SMALL_SEGMENT).retention(Duration.ofDays(7))
        .open()) {
      assertEquals(List.of(), j.history(key("old-1")), "older than the retention: forgotten at open");
      event(j, "new-1", NOW);
      assertEquals(3, j.history(key("new-1")).size());
    }
  }

  @Test
  void aKillInTheMiddleOfWritingLosesNoAcknowledgedRecord() throws Exception {
    Path journal = dir.resolve("journal");
    Process child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
        JournalWriterChild.class.getName(), journal.toString()).redirectErrorStream(true).start();
    int acked = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked = Integer.parseInt(line.substring(4));
          if (acked >= 400) {
            break;
          }
        }
      }
      child.destroyForcibly(); // SIGKILL: no close, no checkpoint, likely inside a write
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ended");
    }
    assertTrue(acked >= 400, "the child acknowledged " + acked + " events before it was killed");
    try (FileJournal j = FileJournal.builder(journal).segmentSize(256 * 1024).open()) {
      for (int n = 0; n <= acked; n++) {
        List<HistoryEntry> h = j.history(key("ev-" + n));
        assertEquals(3, h.size(), "every acknowledged event is whole: ev-" + n + " " + h);
      }
      List<InvocationResult> interrupted = j.recoverInterrupted(NOW);
      assertTrue(interrupted.size() <= 1, "at most the run in flight is interrupted: " + interrupted);
      event(j, "after", NOW);
    }
    try (FileJournal j = FileJournal.builder(journal).segmentSize(256 * 1024).open()) {
      assertEquals(List.of(), j.damagedLines(), "the repaired journal opens clean");
      assertEquals(3, j.history(key("after")).size(), "what was written after the repair reads back");
    }
  }

  @Test
  void aFailedWriteIsAnErrorTheHostSeesAndLosesNoAcknowledgedRecord() throws Exception {
    Path bash = Path.of("/bin/bash");
    assumeTrue(Files.isExecutable(bash), "needs /bin/bash for ulimit");
    Path journal = dir.resolve("journal");
    // files of at most 2 MiB: the segment (8 MiB) fills the limit and a write fails with EFBIG
    Process child = new ProcessBuilder(bash.toString(), "-c", "ulimit -f 2048 && exec \"$0\" \"$@\"", java(), "-cp",
        System.getProperty("java.class.path"), JournalFullDiskChild.class.getName(), journal.toString())
        .redirectErrorStream(true).start();
    int acked = -1;
    List<String> said = new java.util.ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked = Integer.parseInt(line.substring(4));
        } else {
          said.add(line);
        }
      }
    } finally {
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended");
    }
    String all = String.join("\n", said);
    assertTrue(all.contains("FAILED The file journal " + journal), "the failed write is an error naming the journal: "
        + all);
    assertTrue(all.contains("HEALTH JournalHealth[writable=false"), "health reports it: " + all);
    assertTrue(all.contains("REFUSED"), "later writes are refused: " + all);
    assertTrue(all.contains("DONE"), all);
    assertTrue(acked > 10, "events written before the limit: " + acked);
    try (FileJournal j = FileJournal.open(journal)) {
      for (int n = 0; n <= acked; n++) {
        assertEquals(3, j.history(key("ev-" + n)).size(), "acknowledged ev-" + n + " is whole");
      }
      assertTrue(j.health().writable(), "reopened once the cause is gone");
      event(j, "after", NOW);
    }
  }

  @Test
  void aSecondWriterInAnotherProcessIsRefusedWithAClearMessage() throws Exception {
    Path journal = dir.resolve("journal");
    Process child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
        JournalHolderChild.class.getName(), journal.toString()).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("OPEN")) {
        // skip log lines
      }
      assertEquals("OPEN", line, "the child opened the journal");
      JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(journal));
      assertTrue(e.getMessage().contains(journal.toString()) && e.getMessage().contains("one writer")
          && e.getMessage().contains("PostgreSQL"), e.getMessage());
      assertTrue(e.getMessage().contains("process " + child.pid()), "names the holder: " + e.getMessage());
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    try (FileJournal j = FileJournal.open(journal)) {
      assertTrue(j.health().writable(), "the lock of a dead process is gone");
    }
  }

  @Test
  void groupCommitWithManyWritersKeepsEveryRecord() throws Exception {
    Path journal = dir.resolve("journal");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try (FileJournal j = FileJournal.builder(journal).sync(FileJournal.Sync.FSYNC).groupCommit(Duration.ofMillis(1))
        .segmentSize(SMALL_SEGMENT).open()) {
      List<java.util.concurrent.Future<?>> writers = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          for (int n = 0; n < 60; n++) {
            event(j, "ev-" + thread + "-" + n, NOW);
          }
        }));
      }
      for (java.util.concurrent.Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (FileJournal j = FileJournal.open(journal)) {
      for (int t = 0; t < 8; t++) {
        for (int n = 0; n < 60; n++) {
          assertEquals(3, j.history(key("ev-" + t + "-" + n)).size(), "ev-" + t + "-" + n);
        }
      }
    }
  }

  @Test
  void aSecondWriterInThisProcessIsRefusedAndTheFirstKeepsItsLock() {
    Path journal = dir.resolve("journal");
    try (FileJournal first = FileJournal.open(journal)) {
      JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(journal));
      assertTrue(e.getMessage().contains("one writer"), e.getMessage());
      event(first, "ev-1", NOW);
      assertThrows(JournalException.class, () -> FileJournal.open(journal), "still locked after the refusal");
    }
  }

  @Test
  void aFifoIsRefusedWithAClearMessage() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process mk;
    try {
      mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available: " + e.getMessage());
      return;
    }
    assertTrue(mk.waitFor(30, TimeUnit.SECONDS));
    assumeTrue(mk.exitValue() == 0, "mkfifo failed");
    JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(fifo));
    assertTrue(e.getMessage().contains(fifo.toString()) && e.getMessage().contains("FIFO"), e.getMessage());
  }

  @Test
  void devicesAreRefusedWithAClearMessage() {
    for (String device : List.of("/dev/null", "/dev/full")) {
      Path p = Path.of(device);
      if (!Files.exists(p)) {
        continue;
      }
      JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(p), device);
      assertTrue(e.getMessage().contains(device) && e.getMessage().contains("directory"), e.getMessage());
    }
  }

  @Test
  void aRegularFileIsRefusedAsNotAJournalDirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("journal.jsonl"), "{\"type\":\"classification\"}\n");
    JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(file));
    assertTrue(e.getMessage().contains("is a file") && e.getMessage().contains("importLegacy"), e.getMessage());
  }

  @Test
  void aJournalOfTheOneFileFormatImportsLineByLine() throws IOException {
    Invocation i = run("ev-1");
    InvocationResult done = new InvocationResult(i, InvocationStatus.SUCCEEDED, NOW, Duration.ofMillis(3), "ok",
        Optional.of(Map.of("message", "ok")), "printed", false, Optional.empty());
    ClassificationChange c = new ClassificationChange("ev-1", "acme", Classification.MALICIOUS, Optional.empty(), NOW,
        Optional.of("Laptops"), "playbook applies");
    Path legacy = Files.writeString(dir.resolve("journal.jsonl"), JournalCodec.encode(c) + "\n"
        + JournalCodec.encode(new InvocationStarted(i, NOW)) + "\n" + JournalCodec.encode(done) + "\n{\"type\":\"res");
    Path journal = dir.resolve("journal");
    assertEquals(3, FileJournal.importLegacy(legacy, journal), "three entries; the torn line skipped");
    try (FileJournal j = FileJournal.open(journal)) {
      assertEquals(List.of(c, new InvocationStarted(i, NOW), done), j.history(key("ev-1")));
      assertHeldAfterSuccess(j, "ev-1");
    }
  }

  @Test
  void aRecordTooBigIsCutWithAMarkerAndReadsBack() {
    Path journal = dir.resolve("journal");
    Invocation i = run("ev-big");
    String huge = "x".repeat(5_000_000);
    try (FileJournal j = FileJournal.open(journal)) {
      j.claim(i);
      j.started(new InvocationStarted(i, NOW));
      assertTrue(j.finished(new InvocationResult(i, InvocationStatus.SUCCEEDED, NOW, Duration.ofSeconds(1), "done",
          Optional.of(Map.of("blob", huge)), huge, false, Optional.empty())));
    }
    try (FileJournal j = FileJournal.open(journal)) {
      InvocationResult r = (InvocationResult) j.history(key("ev-big")).get(1);
      assertTrue(r.outputTruncated(), "outputTruncated is set");
      assertTrue(r.output().length() < 200_000 && r.output().contains("characters cut by the journal"), "marker");
      assertTrue(String.valueOf(r.result().orElseThrow().get("journal")).contains("bytes of JSON"),
          "the result is replaced by a marker: " + r.result());
      assertFalse(j.finished(r), "still one terminal record");
    }
  }

  @Test
  void aClaimIsWrittenOnlyWhenNoStartOrEndOfItsRunImpliesIt() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.open(journal)) {
      event(j, "ev-0", NOW);
      String before = JournalFiles.allBytesAsText(journal);
      Invocation i = run("ev-1");
      assertTrue(j.claim(i).granted());
      assertEquals(before, JournalFiles.allBytesAsText(journal), "a claim alone writes no record");
      assertFalse(j.claim(run("ev-1")).granted(), "and is held");
      j.started(new InvocationStarted(i, NOW));
      assertFalse(before.equals(JournalFiles.allBytesAsText(journal)), "the start, which implies the claim, is written");
      Invocation never = run("ev-2");
      assertTrue(j.claim(never).granted());
      j.release(never);
      assertEquals(Optional.empty(), j.claimOf(never.runKey()), "an unwritten claim is given back");
      assertTrue(j.claim(run("ev-3")).granted());
    }
    try (FileJournal j = FileJournal.open(journal)) {
      assertEquals(Optional.of(RunClaim.held(run("ev-1").runKey(), Optional.empty())), j.claimOf(run("ev-1").runKey()),
          "the started run's claim survives a restart");
      assertEquals(Optional.of(RunClaim.held(run("ev-3").runKey(), Optional.empty())), j.claimOf(run("ev-3").runKey()),
          "a claim still held at close was written by the close");
      assertEquals(Optional.empty(), j.claimOf(run("ev-2").runKey()), "a claim given back stays given back");
    }
  }

  @Test
  void aSegmentCreatedWithoutItsHeaderIsStartedAgainAndKeepsWhatIsWrittenAfter() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.open(journal)) {
      event(j, "ev-1", NOW);
    }
    Path last = JournalFiles.lastSegment(journal);
    String name = last.getFileName().toString();
    long end = Long.parseLong(name.substring(0, name.length() - 4)) + Files.size(last);
    Files.createFile(journal.resolve(String.format("%020d.seg", end))); // a stop right after creating it
    try (FileJournal j = FileJournal.open(journal)) {
      event(j, "ev-2", NOW);
    }
    try (FileJournal j = FileJournal.open(journal)) {
      assertEquals(3, j.history(key("ev-1")).size());
      assertEquals(3, j.history(key("ev-2")).size(), "what was written into the restarted segment reads back");
    }
  }

  @Test
  void anEventWithOneClassificationAndOneRunTakesUnder350BytesOfLog() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.open(journal)) {
      for (int n = 0; n < 2000; n++) {
        event(j, "evt-" + (1_000_000 + n), NOW);
      }
    }
    long log = 0;
    for (Path p : JournalFiles.segments(journal)) {
      log += Files.size(p);
    }
    assertTrue(log / 2000 < 350, "bytes of log per event: " + log / 2000);
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
