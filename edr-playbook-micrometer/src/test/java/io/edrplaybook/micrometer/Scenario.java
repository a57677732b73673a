package io.edrplaybook.micrometer;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.RetryPolicy;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A one-organization configuration, one action and connector per line, every connector on JumpBox jb-1. */
final class Scenario {
  static final String ORG = "acme";
  static final String JUMP_BOX = "jb-1";

  /** One action bound to one connector. */
  record Line(String action, String connector, String source, String runner, Duration timeout, RetryPolicy retry,
      boolean idempotent) {
    static Line of(String action, String connector, String source) {
      return new Line(action, connector, source, "jython", Duration.ofSeconds(20), RetryPolicy.NONE, false);
    }

    Line runner(String runner) {
      return new Line(action, connector, source, runner, timeout, retry, idempotent);
    }

    Line timeout(Duration timeout) {
      return new Line(action, connector, source, runner, timeout, retry, idempotent);
    }

    Line retry(RetryPolicy retry, boolean idempotent) {
      return new Line(action, connector, source, runner, timeout, retry, idempotent);
    }
  }

  private Scenario() {}

  static Configuration configuration(Line... lines) {
    Configuration.Builder b = Configuration.builder().organization(ORG).jumpBox(JumpBox.of(ORG, JUMP_BOX));
    Playbook.Builder p = Playbook.builder().organization(ORG).name("Default").isDefault(true);
    List<String> seen = new ArrayList<>();
    for (Line l : lines) {
      String file = l.connector().toLowerCase().replace(' ', '_') + ".py";
      b.action(Action.builder().organization(ORG).name(l.action()).description(l.action())
          .script(ActionScript.of("main", file, l.source(), l.runner())).timeout(l.timeout()).retry(l.retry())
          .idempotent(l.idempotent()).build());
      b.connector(Connector.builder().organization(ORG).name(l.connector()).jumpBox(JUMP_BOX)
          .host("api.example").port(443).apiKey("k-" + l.connector().hashCode()).bind(l.action(), "main").build());
      if (!seen.contains(l.action())) {
        seen.add(l.action());
        p.rule(PlaybookSection.NOTIFICATIONS, l.action(), ConnectorSelection.all(), Classification.MALICIOUS);
      }
    }
    return b.playbook(p.build()).build();
  }

  static CorePlaybookEngine.Builder engine(Line... lines) {
    return CorePlaybookEngine.builder().defaultTimeout(Duration.ofSeconds(20)).closeGrace(Duration.ofSeconds(10))
        .configuration(configuration(lines));
  }

  static SecurityEvent event(String id) {
    return SecurityEvent.builder().id(id).organization(ORG)
        .device(Device.of("LAPTOP-7", "Laptops", "10.1.2.3", "Windows 11"))
        .classification(Classification.MALICIOUS).time(Instant.parse("2026-01-01T00:00:00Z"))
        .details(Map.of()).build();
  }

  static EventOutcome submit(CorePlaybookEngine engine, String id) {
    return await(engine.submit(event(id)));
  }

  /** Submits and waits for the outcome, then for the listeners (the meters) to hear everything. */
  static EventOutcome submitAndSettle(CorePlaybookEngine engine, String id) {
    EventOutcome o = submit(engine, id);
    settle(engine);
    return o;
  }

  static void settle(CorePlaybookEngine engine) {
    if (!engine.awaitListeners(Duration.ofSeconds(20))) {
      throw new AssertionError("the listeners were not told within 20 s");
    }
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("not done within 60 s: " + e, e);
    }
  }

  static SimpleMeterRegistry registry() {
    return new SimpleMeterRegistry();
  }

  static double count(SimpleMeterRegistry r, String name, String... tags) {
    Search s = r.find(name).tags(tags);
    if (s.counter() != null) {
      return s.counters().stream().mapToDouble(c -> c.count()).sum();
    }
    if (s.functionCounter() != null) {
      return s.functionCounter().count();
    }
    if (s.timer() != null) {
      return s.timers().stream().mapToLong(t -> t.count()).sum();
    }
    return 0;
  }

  static double gauge(SimpleMeterRegistry r, String name, String... tags) {
    io.micrometer.core.instrument.Gauge g = r.find(name).tags(tags).gauge();
    if (g == null) {
      throw new AssertionError("no gauge " + name + " " + List.of(tags) + "; meters: " + r.getMetersAsString());
    }
    return g.value();
  }

  /** A Jython script that returns once {@code gate} exists (at most 20 s). */
  static String waitsFor(java.nio.file.Path gate) {
    return "import os, time\n\ndef run(ctx):\n    for i in range(2000):\n"
        + "        if os.path.exists(" + pyString(gate.toString()) + "):\n            return {'message': 'released'}\n"
        + "        time.sleep(0.01)\n    return {'message': 'gate never opened'}\n";
  }

  static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
