package io.edrplaybook.samples.reliability;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorSelection;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.JumpBox;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.PlaybookSection;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.RunnerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configuration of real scripts on both runners: one action per behaviour, one connector per
 * action, each action selected for the classifications given.
 */
final class Scenario {
  static final String KEY_PREFIX = "sk-soak-";

  record Behaviour(String name, String runner, String source, Duration timeout, Set<Classification> on) {
  }

  private final List<Behaviour> behaviours = new ArrayList<>();

  Scenario add(String name, String runner, String source, Duration timeout, Classification... on) {
    behaviours.add(new Behaviour(name, runner, source, timeout, Set.of(on)));
    return this;
  }

  List<Behaviour> behaviours() {
    return behaviours;
  }

  static String keyOf(String behaviour) {
    return KEY_PREFIX + behaviour.replace(' ', '-') + "-7f3a9c";
  }

  Configuration configuration() {
    Configuration.Builder b = Configuration.builder().organization("soak").jumpBox(JumpBox.of("soak", "jb"));
    Playbook.Builder pb = Playbook.builder().organization("soak").name("Soak").isDefault(true);
    for (Behaviour x : behaviours) {
      b.action(Action.builder().organization("soak").name(x.name()).timeout(x.timeout())
          .script(ActionScript.of("main", x.name() + ".py", x.source(), x.runner())).build());
      b.connector(Connector.builder().organization("soak").name("c-" + x.name()).jumpBox("jb")
          .host("127.0.0.1").port(9).apiKey(keyOf(x.name())).bind(x.name()).build());
      pb.rule(PlaybookSection.CUSTOM, x.name(), ConnectorSelection.all(), x.on().toArray(Classification[]::new));
    }
    return b.playbook(pb.build()).build();
  }

  /**
   * An engine on both runners, each with as many workers as the lane runs at once, so that no run
   * waits for a worker (a run that cannot get one within its deadline is recorded as not started).
   */
  CorePlaybookEngine.Builder engine(int concurrency) {
    return CorePlaybookEngine.builder()
        .runnerSettings(new RunnerSettings("cpython", Map.of("workers", concurrency, "memoryLimit", "512m")))
        .runnerSettings(new RunnerSettings("jython", Map.of("poolSize", concurrency, "grace", "PT1S")))
        .laneConcurrency(concurrency)
        .closeGrace(Duration.ofSeconds(5))
        .configuration(configuration());
  }

  static SecurityEvent event(String id, Classification c) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("rule", "Soak");
    details.put("n", id);
    return SecurityEvent.builder().id(id).organization("soak")
        .device(Device.of("HOST-" + id, "Servers", "10.9.8.7", "Linux")).classification(c)
        .time(Instant.parse("2026-11-28T00:00:00Z")).details(details).build();
  }
}
