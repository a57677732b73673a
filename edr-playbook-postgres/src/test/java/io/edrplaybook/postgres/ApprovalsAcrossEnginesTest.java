package io.edrplaybook.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Action;
import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.testkit.RecordingRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Approvals on a journal shared by engines: across a restart, and decided once by two engines at once. */
class ApprovalsAcrossEnginesTest {
  static final RunKey ISOLATE = new RunKey(new EventKey("acme", "ev-1"), Classification.MALICIOUS, "Isolate", "EDR");

  private HikariDataSource ds;
  private final List<AutoCloseable> open = new ArrayList<>();

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
            .script("isolate", "isolate.py", "def run(ctx):\n    return None\n").build())
        .connector(Connector.builder().organization("acme").name("EDR").jumpBox("jb-1").host("edr.example")
            .port(443).apiKey("edr-key").bind("Isolate").build())
        .playbook(Playbook.builder().organization("acme").name("Main").isDefault(true)
            .rule(PlaybookRule.builder(PlaybookSection.REMEDIATION, "Isolate").connectors(ConnectorSelection.all())
                .classifications(Classification.MALICIOUS)
                .approval(ApprovalGate.of(Duration.ofHours(4), ApprovalGate.OnExpiry.DENY)).build())
            .build())
        .build();
  }

  static SecurityEvent event() {
    return SecurityEvent.builder().id("ev-1").organization("acme")
        .device(Device.of("host-1", "", "10.0.0.1", "Linux")).classification(Classification.MALICIOUS)
        .time(Instant.parse("2026-01-01T00:00:00Z")).details(Map.of()).build();
  }

  private CorePlaybookEngine engine(RecordingRunner runner, PostgresJournal journal) {
    CorePlaybookEngine e = CorePlaybookEngine.builder().discoverRunners(false).runner(runner)
        .defaultRunner(RecordingRunner.ID).journal(journal).configuration(configuration()).build();
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

  @Test
  void aRunAwaitingApprovalAcrossARestartIsApprovedOnTheNewEngineAndRunsOnce() throws Exception {
    RecordingRunner before = RecordingRunner.create();
    PostgresJournal first = journal();
    CorePlaybookEngine a = engine(before, first);
    assertEquals(1, await(a.submit(event())).awaiting().size());
    a.close();
    first.close();

    RecordingRunner after = RecordingRunner.create();
    CorePlaybookEngine b = engine(after, journal());
    assertEquals(List.of(ISOLATE), b.pending("acme").stream().map(x -> x.runKey()).toList(),
        "still pending on the new engine");
    InvocationResult r = await(b.approve(ISOLATE, "alice", "ok"));
    assertEquals(InvocationStatus.SUCCEEDED, r.status());
    assertEquals(1, after.runs().size(), "ran once, on the new engine");
    assertEquals(0, before.runs().size());
    assertEquals("alice", b.history("acme", "ev-1").decisions().get(0).by());
  }

  @Test
  void twoEnginesApprovingOneRunAtOnceRunItOnce() throws Exception {
    RecordingRunner ra = RecordingRunner.create();
    RecordingRunner rb = RecordingRunner.create();
    CorePlaybookEngine a = engine(ra, journal());
    CorePlaybookEngine b = engine(rb, journal());
    await(a.submit(event()));
    List<CompletableFuture<Boolean>> tries = new ArrayList<>();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    for (CorePlaybookEngine e : List.of(a, b, a, b)) {
      tries.add(CompletableFuture.supplyAsync(() -> {
        try {
          go.await(10, TimeUnit.SECONDS);
          return await(e.approve(ISOLATE, "user", "")).status() == InvocationStatus.SUCCEEDED;
        } catch (IllegalStateException x) {
          return false;
        } catch (Exception x) {
          throw new IllegalStateException(x);
        }
      }));
    }
    go.countDown();
    int won = 0;
    for (CompletableFuture<Boolean> t : tries) {
      won += t.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    assertEquals(1, won, "one approval ran it");
    assertEquals(1, ra.runs().size() + rb.runs().size(), "the script ran once across both engines");
    assertTrue(b.history("acme", "ev-1").decisions().stream()
        .allMatch(d -> d.verdict() == ApprovalDecision.Verdict.APPROVED));
    assertEquals(1, b.history("acme", "ev-1").decisions().size());
  }
}
