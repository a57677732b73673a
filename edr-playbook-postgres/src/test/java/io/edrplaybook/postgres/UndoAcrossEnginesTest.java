package io.edrplaybook.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.UndoPolicy;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.testkit.RecordingRunner;
import io.edrplaybook.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scheduled undos on a journal shared by engines: across a restart, and run once by two engines at once. */
class UndoAcrossEnginesTest {
  private HikariDataSource ds;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final TestClock clock = new TestClock();

  @BeforeEach
  void database() {
    ds = Databases.fresh();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    ds.close();
  }

  static Configuration configuration() {
    return Configuration.builder().organization("acme").jumpBox(JumpBox.of("acme", "jb-1"))
        .action(Action.builder().organization("acme").name("Isolate").description("Isolate the host")
            .script("isolate", "isolate.py", "def run(ctx):\n    return None\n\ndef undo(ctx):\n    return None\n")
            .build())
        .connector(Connector.builder().organization("acme").name("EDR").jumpBox("jb-1").host("edr.example")
            .port(443).apiKey("edr-key").bind("Isolate").build())
        .playbook(Playbook.builder().organization("acme").name("Main").isDefault(true)
            .rule(PlaybookRule.builder(PlaybookSection.REMEDIATION, "Isolate").connectors(ConnectorSelection.all())
                .classifications(Classification.MALICIOUS).undo(UndoPolicy.after(Duration.ofHours(24))).build())
            .build())
        .build();
  }

  private CorePlaybookEngine engine(RecordingRunner runner, PostgresJournal journal) {
    CorePlaybookEngine e = CorePlaybookEngine.builder().discoverRunners(false).runner(runner)
        .defaultRunner(RecordingRunner.ID).journal(journal).clock(clock).configuration(configuration()).build();
    open.add(e);
    return e;
  }

  private PostgresJournal journal() {
    PostgresJournal j = PostgresJournal.builder(ds).open();
    open.add(j);
    return j;
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static long undos(RecordingRunner r) {
    return r.runs().stream().filter(x -> x.entryPoint() == EntryPoint.UNDO).count();
  }

  @Test
  void anUndoScheduledBeforeARestartRunsOnceOnTheNewEngine() throws Exception {
    RecordingRunner before = RecordingRunner.create();
    PostgresJournal first = journal();
    CorePlaybookEngine a = engine(before, first);
    await(a.submit(ApprovalsAcrossEnginesTest.event()));
    a.close();
    first.close();
    clock.advance(Duration.ofHours(24));
    RecordingRunner after = RecordingRunner.create();
    CorePlaybookEngine b = engine(after, journal());
    List<InvocationResult> due = await(b.runDue());
    assertEquals(List.of(InvocationStatus.SUCCEEDED), due.stream().map(InvocationResult::status).toList());
    assertEquals(1, undos(after));
    assertEquals(0, undos(before));
    assertEquals(List.of(), await(b.runDue()), "once");
  }

  @Test
  void twoEnginesSweepingAtOnceRunAnUndoOnce() throws Exception {
    RecordingRunner ra = RecordingRunner.create();
    RecordingRunner rb = RecordingRunner.create();
    CorePlaybookEngine a = engine(ra, journal());
    CorePlaybookEngine b = engine(rb, journal());
    await(a.submit(ApprovalsAcrossEnginesTest.event()));
    clock.advance(Duration.ofHours(24));
    List<CompletableFuture<List<InvocationResult>>> sweeps = new ArrayList<>();
    for (CorePlaybookEngine e : List.of(a, b, a, b)) {
      sweeps.add(CompletableFuture.supplyAsync(() -> e.runDue().toCompletableFuture().join()));
    }
    long ran = 0;
    for (CompletableFuture<List<InvocationResult>> s : sweeps) {
      ran += s.get(30, TimeUnit.SECONDS).size();
    }
    assertEquals(1, ran, "one sweep ran the undo");
    assertEquals(1, undos(ra) + undos(rb), "the undo script ran once across both engines");
  }
}
