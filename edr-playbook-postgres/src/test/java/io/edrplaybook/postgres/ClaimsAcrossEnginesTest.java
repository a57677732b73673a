package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.T0;
import static io.edrplaybook.postgres.Entries.change;
import static io.edrplaybook.postgres.Entries.invocation;
import static io.edrplaybook.postgres.Entries.started;
import static io.edrplaybook.postgres.Entries.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.spi.Classified;
import io.edrplaybook.spi.RunClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two engines (two journals, one database) asking at the same time. */
class ClaimsAcrossEnginesTest {
  private HikariDataSource ds;
  private PostgresJournal a;
  private PostgresJournal b;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    ds = Databases.fresh();
    a = PostgresJournal.builder(ds).open();
    b = PostgresJournal.builder(ds).open();
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    a.close();
    b.close();
    ds.close();
  }

  @Test
  void aRunKeyIsGrantedToOneEngineOnlyWhenBothClaimAtOnce() throws Exception {
    List<Future<Boolean>> answers = new ArrayList<>();
    for (int n = 0; n < 50; n++) {
      Invocation first = invocation("e" + n, Classification.MALICIOUS, "isolate", "edr");
      Invocation second = invocation("e" + n, Classification.MALICIOUS, "isolate", "edr");
      CyclicBarrier together = new CyclicBarrier(2);
      answers.add(pool.submit(atOnce(together, () -> a.claim(first).granted())));
      answers.add(pool.submit(atOnce(together, () -> b.claim(second).granted())));
    }
    for (int n = 0; n < 50; n++) {
      boolean one = answers.get(2 * n).get(30, TimeUnit.SECONDS);
      boolean two = answers.get(2 * n + 1).get(30, TimeUnit.SECONDS);
      assertTrue(one ^ two, "event e" + n + ": exactly one engine is granted the claim");
    }
  }

  @Test
  void aHeldClaimTellsHowTheOtherEnginesRunEnded() {
    Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    assertTrue(a.claim(i).granted());
    Invocation other = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    assertEquals(RunClaim.held(i.runKey(), Optional.empty()), b.claim(other));
    a.started(started(i));
    assertTrue(a.finished(succeeded(i)));
    assertEquals(RunClaim.held(i.runKey(), Optional.of(InvocationStatus.SUCCEEDED)), b.claim(other));
    assertEquals(Optional.of(RunClaim.held(i.runKey(), Optional.of(InvocationStatus.SUCCEEDED))),
        b.claimOf(i.runKey()));
  }

  @Test
  void aReclassificationSeenByTwoEnginesAtOnceIsRecordedOnce() throws Exception {
    a.classify(change("e1", Classification.SUSPICIOUS, T0));
    CyclicBarrier together = new CyclicBarrier(2);
    Future<Classified> one = pool.submit(atOnce(together,
        () -> a.classify(change("e1", Classification.MALICIOUS, T0.plusSeconds(1)))));
    Future<Classified> two = pool.submit(atOnce(together,
        () -> b.classify(change("e1", Classification.MALICIOUS, T0.plusSeconds(1)))));
    Classified x = one.get(30, TimeUnit.SECONDS);
    Classified y = two.get(30, TimeUnit.SECONDS);
    assertTrue(x.recorded().isPresent() ^ y.recorded().isPresent(), "one of the two records the change");
    ClassificationChange recorded = x.recorded().orElseGet(() -> y.recorded().orElseThrow());
    assertEquals(Optional.of(Classification.SUSPICIOUS), recorded.previous());
    assertEquals(x.state(), y.state());
    assertEquals(Optional.of(Classification.SUSPICIOUS), x.state().previous());
    assertEquals(2, a.history(new EventKey("acme", "e1")).size());
  }

  @Test
  void historyReadsTheSameFromEveryEngineInTheOrderItWasRecorded() {
    Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    a.classify(change("e1", Classification.MALICIOUS, T0));
    a.claim(i);
    a.started(started(i));
    b.classify(change("e1", Classification.PUP, T0.plusSeconds(2)));
    a.finished(succeeded(i));
    EventKey key = new EventKey("acme", "e1");
    List<HistoryEntry> fromA = a.history(key);
    assertEquals(fromA, b.history(key));
    assertEquals(List.of("ClassificationChange", "InvocationStarted", "ClassificationChange", "InvocationResult"),
        fromA.stream().map(e -> e.getClass().getSimpleName()).toList());
    assertEquals(succeeded(i), fromA.get(3));
    assertEquals(Optional.of(Classification.MALICIOUS), ((ClassificationChange) fromA.get(2)).previous());
  }

  @Test
  void theSameEventIdInTwoOrganizationsIsTwoEvents() {
    a.classify(change("e1", Classification.MALICIOUS, T0));
    ClassificationChange other = new ClassificationChange("e1", "globex", Classification.PUP, Optional.empty(), T0,
        Optional.empty(), "");
    assertTrue(b.classify(other).recorded().isPresent());
    assertEquals(Classification.MALICIOUS, a.event(new EventKey("acme", "e1")).orElseThrow().current());
    assertEquals(Classification.PUP, a.event(new EventKey("globex", "e1")).orElseThrow().current());
  }

  @Test
  void aSecondTerminalRecordOfOneInvocationIsRefused() {
    Invocation i = invocation("e1", Classification.MALICIOUS, "isolate", "edr");
    a.claim(i);
    a.started(started(i));
    assertTrue(a.finished(succeeded(i)));
    assertFalse(b.finished(succeeded(i)));
    assertEquals(1, a.history(i.eventKey()).stream().filter(e -> e instanceof io.edrplaybook.api.InvocationResult)
        .count());
  }

  private static <T> Callable<T> atOnce(CyclicBarrier barrier, Callable<T> work) {
    return () -> {
      barrier.await(30, TimeUnit.SECONDS);
      return work.call();
    };
  }
}
