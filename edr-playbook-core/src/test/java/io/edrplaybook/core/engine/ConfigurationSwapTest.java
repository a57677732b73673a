package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.core.CorePlaybookEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Configuration is validated whole, scripts compiled at upload, swapped atomically. */
class ConfigurationSwapTest {
  private final FakeRunner runner = new FakeRunner();
  private final CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static Configuration withTicketSource(String source) {
    return Fixtures.withAction("Open Ticket", a -> Action.builder().organization("acme").name("Open Ticket")
        .script(ActionScript.of("ticket", "scripts/open_ticket.py", source)).build());
  }

  @Test
  void brokenScriptIsRefusedAtUploadWithFileAndLineAndThePreviousConfigurationStays() {
    Configuration before = engine.configuration();
    var e = assertThrows(ConfigurationException.class,
        () -> engine.configure(withTicketSource("def run(ctx):\n    x = (\nSYNTAX ERROR here\n")));
    String m = e.getMessage();
    assertTrue(m.contains("scripts/open_ticket.py, line 3"), m);
    assertTrue(e.problems().get(0).path().startsWith("actions[2].scripts[0]"), e.problems().toString());
    assertSame(before, engine.configuration());
  }

  @Test
  void aRunnerFailingToCompileIsOneProblemOfTheReportBesideTheOthers() {
    Configuration both = Fixtures.withAction("Block Address", a -> Action.builder().organization("acme")
        .name("Block Address").script(ActionScript.of("firewall", "scripts/fw.py", "def run(ctx):\n  RUNNER CRASH\n"))
        .script(ActionScript.of("nac", "scripts/nac.py", "def run(ctx):\n  SYNTAX ERROR\n")).build());
    var e = assertThrows(ConfigurationException.class, () -> engine.configure(both));
    assertEquals(2, e.problems().size(), e.problems().toString());
    assertEquals("actions[1].scripts[0]", e.problems().get(0).path());
    assertTrue(e.problems().get(0).message().contains("the worker died while compiling scripts/fw.py"),
        e.problems().toString());
    assertTrue(e.problems().get(1).path().startsWith("actions[1].scripts[1]"), e.problems().toString());
  }

  @Test
  void scriptWithoutRunIsRefusedAtUpload() {
    var e = assertThrows(ConfigurationException.class,
        () -> engine.configure(withTicketSource("def other(ctx):\n    pass\n")));
    assertTrue(e.getMessage().contains("run"), e.getMessage());
  }

  @Test
  void scriptNamingAMissingRunnerSaysWhichArtifactToAdd() {
    Configuration cfg = Fixtures.withAction("Open Ticket", a -> Action.builder().organization("acme")
        .name("Open Ticket").script(ActionScript.of("ticket", "t.py", "def run(ctx): pass", "cpython")).build());
    var e = assertThrows(ConfigurationException.class, () -> engine.configure(cfg));
    assertTrue(e.getMessage().contains("names no known runner, \"cpython\"; runners found: [fake]; "
        + "add io.edrplaybook:edr-playbook-subprocess to the class path"), e.getMessage());
  }

  @Test
  void newActionIsAnOptionInEveryPlaybookAndSelectedInNone() {
    Configuration cfg = Fixtures.acme().toBuilder()
        .action(Action.builder().organization("acme").name("Isolate Host").script(Fixtures.script("iso", "iso.py"))
            .build())
        .build();
    engine.configure(cfg);
    for (Playbook pb : cfg.playbooks()) {
      if (!pb.organization().equals("acme")) {
        continue;
      }
      var row = cfg.policy("acme", pb.name()).stream().filter(r -> r.action().equals("Isolate Host")).findFirst()
          .orElseThrow(() -> new AssertionError("Isolate Host is not offered in " + pb.name()));
      assertTrue(row.classifications().isEmpty(), pb.name() + " selects the new action");
    }
    for (Classification c : Classification.values()) {
      assertTrue(engine.plan(event("e", "acme", "Laptops", c)).invocations().stream()
          .noneMatch(p -> p.action().equals("Isolate Host")));
    }
  }

  @Test
  void submitDuringAConfigurationSwapSeesEitherTheOldOrTheNewSnapshot() throws Exception {
    // old: MALICIOUS runs IM x2 + firewall; new: MALICIOUS runs only the ticket row, on the default playbook
    Configuration old = Fixtures.acme();
    Configuration b = Configuration.builder().organization("acme").organization("globex")
        .jumpBox(old.jumpBox("jb-1").orElseThrow()).jumpBox(old.jumpBox("jb-g").orElseThrow())
        .build();
    Configuration.Builder nb = b.toBuilder();
    old.actions().forEach(nb::action);
    old.connectors().forEach(nb::connector);
    nb.playbook(Playbook.builder().organization("acme").name("Default Playbook").isDefault(true)
        .rule(PlaybookSection.CUSTOM, "Open Ticket", ConnectorSelection.all(), Classification.MALICIOUS).build());
    Configuration next = nb.build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<CompletableFuture<EventOutcome>>> submitted = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        final int n = i;
        submitted.add(pool.submit(() -> engine.submit(event("ev-" + n, "acme", "Laptops", Classification.MALICIOUS))
            .toCompletableFuture()));
        if (i % 20 == 0) {
          pool.submit(() -> engine.configure(n % 40 == 0 ? next : old));
        }
      }
      for (var f : submitted) {
        EventOutcome o = await(f.get());
        List<String> actions = o.results().stream().map(r -> r.invocation().action()).sorted().toList();
        assertTrue(actions.equals(List.of("Block Address", "IM Notification", "IM Notification"))
            || actions.equals(List.of("Open Ticket")), "a mix of two configurations: " + actions);
      }
    } finally {
      pool.shutdown();
    }
  }
}
