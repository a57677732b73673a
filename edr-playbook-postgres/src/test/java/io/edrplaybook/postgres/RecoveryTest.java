package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.invocation;
import static io.edrplaybook.postgres.Entries.started;
import static io.edrplaybook.postgres.Entries.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What survivors do with the runs of an engine that stopped or went silent. */
class RecoveryTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private HikariDataSource ds;
  private final List<PostgresJournal> open = new ArrayList<>();

  @BeforeEach
  void pool() {
    ds = Databases.fresh();
  }

  @AfterEach
  void close() {
    open.forEach(PostgresJournal::close);
    ds.close();
  }

  @Test
  void runsOfAStoppedEngineAreInterruptedExactlyOnceWhenTwoSurvivorsRecoverAtOnce() throws Exception {
    PostgresJournal dead = engine();
    List<Invocation> runs = new ArrayList<>();
    for (int n = 0; n < 30; n++) {
      Invocation i = invocation("e" + n, Classification.MALICIOUS, "isolate", "edr");
      dead.claim(i);
      dead.started(started(i));
      runs.add(i);
    }
    dead.close();
    PostgresJournal b = engine();
    PostgresJournal c = engine();
    CyclicBarrier together = new CyclicBarrier(2);
    CompletableFuture<List<InvocationResult>> fromB = CompletableFuture.supplyAsync(() -> recoverAt(together, b));
    CompletableFuture<List<InvocationResult>> fromC = CompletableFuture.supplyAsync(() -> recoverAt(together, c));
    List<InvocationResult> all = new ArrayList<>(fromB.get(60, TimeUnit.SECONDS));
    all.addAll(fromC.get(60, TimeUnit.SECONDS));
    assertEquals(30, all.size());
    Set<String> ids = new HashSet<>();
    all.forEach(r -> assertTrue(ids.add(r.invocation().id()), "recorded twice: " + r.invocation().id()));
    for (Invocation i : runs) {
      List<HistoryEntry> h = b.history(i.eventKey());
      List<InvocationStatus> ends = h.stream().filter(e -> e instanceof InvocationResult)
          .map(e -> ((InvocationResult) e).status()).toList();
      assertEquals(List.of(InvocationStatus.INTERRUPTED), ends, i.eventId());
      assertEquals(Optional.of(InvocationStatus.INTERRUPTED), c.claimOf(i.runKey()).orElseThrow().lastStatus());
    }
    assertEquals(List.of(), b.recoverInterrupted(NOW));
  }

  @Test
  void runsOfALiveEngineAreLeftAlone() {
    PostgresJournal a = engine();
    Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    a.claim(i);
    a.started(started(i));
    assertEquals(List.of(), engine().recoverInterrupted(NOW));
    assertTrue(a.finished(succeeded(i)));
  }

  @Test
  void aLateAnswerOfAnEngineTakenForDeadChangesNothing() throws SQLException {
    PostgresJournal zombie = slowBeating();
    Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    zombie.claim(i);
    zombie.started(started(i));
    silence(zombie);
    List<InvocationResult> recovered = engine().recoverInterrupted(NOW);
    assertEquals(List.of(i.id()), recovered.stream().map(r -> r.invocation().id()).toList());
    assertFalse(zombie.finished(succeeded(i)));
    List<InvocationStatus> ends = zombie.history(i.eventKey()).stream().filter(e -> e instanceof InvocationResult)
        .map(e -> ((InvocationResult) e).status()).toList();
    assertEquals(List.of(InvocationStatus.INTERRUPTED), ends);
  }

  @Test
  void unstartedClaimsOfADeadEngineAreGivenBack() {
    PostgresJournal dead = engine();
    Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    assertTrue(dead.claim(i).granted());
    dead.close();
    PostgresJournal b = engine();
    assertEquals(List.of(), b.recoverInterrupted(NOW));
    assertTrue(b.claim(invocation("e1", Classification.MALICIOUS, "isolate", "edr")).granted());
  }

  @Test
  void anEngineTakenForDeadCannotStartARunWhoseClaimAnotherEngineTook() throws SQLException {
    PostgresJournal zombie = slowBeating();
    Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    assertTrue(zombie.claim(i).granted());
    silence(zombie);
    PostgresJournal b = engine();
    b.recoverInterrupted(NOW);
    Invocation taken = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    assertTrue(b.claim(taken).granted());
    JournalException e = assertThrows(JournalException.class, () -> zombie.started(started(i)));
    assertTrue(e.getMessage().contains("no longer this invocation's"), e.getMessage());
    b.started(started(taken));
  }

  @Test
  void testRunsOfADeadEngineAreInterruptedToo() {
    PostgresJournal dead = engine();
    Invocation t = Entries.testRun("isolate", "edr");
    dead.started(started(t));
    dead.close();
    List<InvocationResult> recovered = engine().recoverInterrupted(NOW);
    assertEquals(List.of(t.id()), recovered.stream().map(r -> r.invocation().id()).toList());
  }

  @Test
  void anInterruptedRunIsRetakenByOneEngineOnly() throws Exception {
    PostgresJournal dead = engine();
    Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    dead.claim(i);
    dead.started(started(i));
    dead.close();
    PostgresJournal b = engine();
    PostgresJournal c = engine();
    b.recoverInterrupted(NOW);
    CyclicBarrier together = new CyclicBarrier(2);
    Set<InvocationStatus> from = Set.of(InvocationStatus.INTERRUPTED);
    CompletableFuture<Boolean> x = CompletableFuture.supplyAsync(
        () -> await(together, () -> b.retake(i.nextAttempt("b-2", 2), from)));
    CompletableFuture<Boolean> y = CompletableFuture.supplyAsync(
        () -> await(together, () -> c.retake(i.nextAttempt("c-2", 2), from)));
    assertTrue(x.get(30, TimeUnit.SECONDS) ^ y.get(30, TimeUnit.SECONDS));
  }

  private PostgresJournal engine() {
    PostgresJournal j = Databases.quick(ds).open();
    open.add(j);
    return j;
  }

  /** An engine whose heartbeat comes seldom, so a test can age it. */
  private PostgresJournal slowBeating() {
    PostgresJournal j = PostgresJournal.builder(ds).heartbeatInterval(Duration.ofMinutes(1))
        .deadAfter(Duration.ofMinutes(3)).open();
    open.add(j);
    return j;
  }

  /** Makes {@code j}'s last heartbeat an hour old, as if its node had gone silent. */
  private void silence(PostgresJournal j) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement p = c.prepareStatement(
            "UPDATE edr_engines SET heartbeat_at = now() - interval '1 hour' WHERE engine_id = ?")) {
      p.setString(1, j.engineId());
      assertEquals(1, p.executeUpdate());
    }
  }

  private static List<InvocationResult> recoverAt(CyclicBarrier barrier, PostgresJournal j) {
    return await(barrier, () -> j.recoverInterrupted(NOW));
  }

  private static <T> T await(CyclicBarrier barrier, java.util.function.Supplier<T> work) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return work.get();
  }
}
